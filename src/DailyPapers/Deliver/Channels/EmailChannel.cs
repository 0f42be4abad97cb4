using System.Net;
using System.Security.Cryptography;
using System.Text;
using DailyPapers.Storage;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DailyPapers.Deliver.Channels;

/// <summary>The content of one e-mail to one recipient.</summary>
internal sealed record EmailContent(string Subject, string Html, string Text, string Recipient, string UnsubscribeUrl);

/// <summary>
/// E-mail over SMTP with MailKit. <c>Url</c> is <c>smtp://host:port</c> (STARTTLS, required except on a loopback host, where a
/// server without it is spoken to in plain) or <c>smtps://host:port</c> (implicit TLS); <c>Token</c> the password (user:
/// <c>User</c>, else <c>From</c>). One message per recipient (<c>To</c> and the channel's subscribers): multipart/alternative
/// with a plain-text part and an HTML part (inline styles, no script, every feed text HTML-encoded), a UTF-8 subject, and
/// <c>List-Unsubscribe</c> + <c>List-Unsubscribe-Post</c> (RFC 8058 one-click) with a signed link that <c>serve</c> answers.
/// </summary>
internal sealed class EmailChannel(IDeliveryStore store, IOptions<DeliveryOptions> options) : IDeliveryChannel
{
    public string Kind => ChannelKinds.Email;

    public bool CanEdit(ChannelOptions options) => false;

    public async Task<IReadOnlyList<OutgoingMessage>> ComposeAsync(string name, ChannelOptions o, DeliveryDay day, CancellationToken cancellationToken)
    {
        var list = name.ToLowerInvariant();
        var subscribers = await store.GetSubscribersAsync(list, cancellationToken).ConfigureAwait(false);
        var recipients = ChannelOptions.List(o.To).Concat(subscribers.Select(s => s.Email)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var subject = EmailText.Subject(day);
        var html = EmailText.Html(day);
        var text = EmailText.Text(day);
        var hash = DeliveryText.Hash(subject + "\n" + html + "\n" + text);
        var secret = options.Value.Secret!;
        var publicUrl = options.Value.PublicUrl!;
        return [.. recipients.Select(r => new OutgoingMessage($"to:{r.ToLowerInvariant()}", hash,
            new EmailContent(subject, html, text, r, Unsubscribe.Link(publicUrl, secret, list, r))))];
    }

    public async Task<IChannelSession> OpenAsync(string name, ChannelOptions o, CancellationToken cancellationToken)
    {
        var uri = new Uri(o.Url!.Trim());
        var loopback = uri.IsLoopback;
        var client = new SmtpClient();
        var port = uri.IsDefaultPort || uri.Port <= 0 ? (uri.Scheme == "smtps" ? 465 : 587) : uri.Port;
        try
        {
            if (!string.IsNullOrWhiteSpace(o.TrustCertificate))
            {
                var pin = o.TrustCertificate.Replace(":", "", StringComparison.Ordinal).Trim();
                client.ServerCertificateValidationCallback = (_, cert, _, errors) =>
                    errors == System.Net.Security.SslPolicyErrors.None
                    || cert is not null && string.Equals(Convert.ToHexString(SHA256.HashData(cert.GetRawCertData())), pin, StringComparison.OrdinalIgnoreCase);
            }
            var security = uri.Scheme == "smtps" ? SecureSocketOptions.SslOnConnect : loopback ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.StartTls;
            // Our own socket, with Nagle off: SMTP is many small commands, each waiting for its reply.
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(uri.Host, port, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            await client.ConnectAsync(socket, uri.Host, port, security, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(o.Token))
                await client.AuthenticateAsync(string.IsNullOrWhiteSpace(o.User) ? MailboxAddress.Parse(o.From!.Trim()).Address : o.User.Trim(), o.Token, cancellationToken).ConfigureAwait(false);
            return new Session(client, MailboxAddress.Parse(o.From!.Trim()));
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or AuthenticationException or SslHandshakeException or IOException or System.Net.Sockets.SocketException)
        {
            client.Dispose();
            throw new DeliveryException($"the SMTP server at {uri.Host}:{port} {(ex is AuthenticationException ? "refused the credentials" : "could not be used")}: {Describe(ex)}");
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        SmtpCommandException c => $"{(int)c.StatusCode} {c.Message}",
        SslHandshakeException => "the TLS handshake failed (an untrusted certificate? see TrustCertificate)",
        _ => ex.Message,
    };

    private sealed class Session(SmtpClient client, MailboxAddress from) : IChannelSession
    {
        public async Task<string?> SendAsync(OutgoingMessage message, string? parentRef, CancellationToken cancellationToken)
        {
            var e = (EmailContent)message.Payload;
            using var mime = new MimeMessage();
            mime.From.Add(from);
            mime.To.Add(MailboxAddress.Parse(e.Recipient));
            mime.Subject = e.Subject;
            mime.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(from.Domain);
            mime.Headers.Add("List-Unsubscribe", $"<{e.UnsubscribeUrl}>");
            mime.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            var body = new BodyBuilder { TextBody = e.Text, HtmlBody = e.Html };
            mime.Body = body.ToMessageBody();
            try
            {
                await client.SendAsync(mime, cancellationToken).ConfigureAwait(false);
            }
            catch (SmtpCommandException ex) when (ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted)
            {
                throw new DeliveryException($"the SMTP server refused {e.Recipient}: {(int)ex.StatusCode} {ex.Message}", channelFatal: false);
            }
            catch (SmtpCommandException ex)
            {
                throw new DeliveryException($"the SMTP server refused the message: {(int)ex.StatusCode} {ex.Message}");
            }
            return mime.MessageId;
        }

        public Task EditAsync(OutgoingMessage message, string messageRef, CancellationToken cancellationToken) =>
            throw new NotSupportedException("a sent e-mail cannot be edited");

        public Task RetractAsync(string messageRef, CancellationToken cancellationToken) =>
            throw new NotSupportedException("a sent e-mail cannot be taken back");

        public async ValueTask DisposeAsync()
        {
            if (client.IsConnected)
            {
                try
                {
                    await client.DisconnectAsync(true).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or SmtpProtocolException or SmtpCommandException)
                {
                    // The messages are recorded already; a QUIT that fails changes nothing.
                }
            }
            client.Dispose();
        }
    }
}

/// <summary>The e-mail's subject, HTML and text: the day page's content, every feed text encoded.</summary>
internal static class EmailText
{
    public static string Subject(DeliveryDay day) => day.Language.StartsWith("ko", StringComparison.OrdinalIgnoreCase)
        ? $"오늘의 논문 {day.Date:yyyy-MM-dd}: {day.Papers.Count}편"
        : $"{DeliveryText.Heading(day)}: {DeliveryText.Count(day)}";

    private static string H(string text) => WebUtility.HtmlEncode(text);

    public static string Html(DeliveryDay day)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"").Append(H(day.Language)).Append("\"><head><meta charset=\"utf-8\"><title>").Append(H(DeliveryText.Heading(day))).Append("</title></head>");
        sb.Append("<body style=\"margin:0;padding:16px;font-family:-apple-system,'Segoe UI',Roboto,'Noto Sans KR','Nanum Gothic',sans-serif;color:#1a1a1a;background:#ffffff;line-height:1.5\">");
        sb.Append("<h1 style=\"font-size:22px;margin:0 0 4px\">").Append(H(DeliveryText.Heading(day))).Append("</h1>");
        sb.Append("<p style=\"margin:0 0 16px;color:#555\">").Append(H(DeliveryText.Count(day)));
        if (day.DayUrl is { } url) sb.Append(" · <a style=\"color:#0b57d0\" href=\"").Append(H(url)).Append("\">Read on the site</a>");
        sb.Append("</p>");
        foreach (var p in day.Papers)
        {
            sb.Append("<div style=\"border-top:1px solid #ddd;padding:12px 0\">");
            sb.Append("<h2 style=\"font-size:18px;margin:0 0 4px\">").Append(p.Rank).Append(". <a style=\"color:#0b57d0;text-decoration:none\" href=\"").Append(H(p.Entry.Paper.AbsUrl)).Append("\">")
                .Append(H(p.Title)).Append("</a></h2>");
            sb.Append("<p style=\"margin:0 0 8px;color:#555;font-size:13px\">▲ ").Append(p.Entry.Upvotes).Append(" · ").Append(H(string.Join(", ", p.Entry.Paper.Authors.Take(6)))).Append("</p>");
            foreach (var s in DeliveryText.Sections(p))
            {
                sb.Append("<h3 style=\"font-size:15px;margin:8px 0 2px\">").Append(H(s.Name)).Append("</h3>");
                sb.Append("<p style=\"margin:0\">").Append(H(s.Text).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>");
            }
            sb.Append("</div>");
        }
        sb.Append("</body></html>");
        return sb.ToString();
    }

    public static string Text(DeliveryDay day)
    {
        var sb = new StringBuilder();
        sb.Append(DeliveryText.Heading(day)).Append('\n').Append(DeliveryText.Count(day)).Append('\n');
        if (day.DayUrl is { } url) sb.Append(url).Append('\n');
        foreach (var p in day.Papers)
        {
            sb.Append('\n').Append(p.Rank).Append(". ").Append(p.Title).Append('\n').Append(p.Entry.Paper.AbsUrl).Append('\n');
            foreach (var s in DeliveryText.Sections(p)) sb.Append('\n').Append(s.Name).Append('\n').Append(s.Text).Append('\n');
        }
        return sb.ToString();
    }
}
