using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace DailyPapers.Tests.Deliver;

/// <summary>How the SMTP test server is reached.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain SMTP, no TLS offered (loopback only).</summary>
    Plain,
    /// <summary>Plain SMTP offering STARTTLS with a self-signed certificate.</summary>
    StartTls,
    /// <summary>TLS from the first byte (smtps) with a self-signed certificate.</summary>
    ImplicitTls,
}

/// <summary>A message the server accepted: its envelope, whether it came over TLS and authenticated, and the parsed MIME.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, bool Secure, string? User, MimeMessage Message, long Size);

/// <summary>
/// A real SMTP server (the SmtpServer library) on 127.0.0.1: plain, STARTTLS or implicit TLS with a throwaway self-signed
/// certificate, optional AUTH with one user, recipients refused by a rule; every accepted message is parsed with MimeKit.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    public const string User = "digest@example.org";
    public const string Password = "smtp-SECRET-password";

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    /// <summary>Accepted messages, in order.</summary>
    public ConcurrentQueue<ReceivedMail> Received { get; } = new();

    /// <summary>False keeps only the envelope of each message (the benchmark, so the server's parsing is not measured as sending).</summary>
    public bool ParseMessages { get; set; } = true;

    /// <summary>Recipients the server refuses (550), e.g. a closed mailbox.</summary>
    public ConcurrentDictionary<string, bool> Refused { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The channel URL: smtp://127.0.0.1:PORT or smtps://127.0.0.1:PORT.</summary>
    public string Url { get; }

    /// <summary>The SHA-256 fingerprint of the server's certificate (hex), for the channel's TrustCertificate.</summary>
    public string Fingerprint { get; }

    private SmtpTestServer(SmtpSecurity security, bool requireAuth)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var certificate = SelfSigned();
        Fingerprint = Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e =>
        {
            e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)).IsSecure(security == SmtpSecurity.ImplicitTls)
                .AuthenticationRequired(requireAuth).AllowUnsecureAuthentication(security == SmtpSecurity.Plain);
            if (security != SmtpSecurity.Plain) e.Certificate(certificate);
        }).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        services.Add(new Users());
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
        Url = $"{(security == SmtpSecurity.ImplicitTls ? "smtps" : "smtp")}://127.0.0.1:{port}";
    }

    /// <summary>Starts a server and waits until it accepts connections.</summary>
    public static async Task<SmtpTestServer> StartAsync(SmtpSecurity security = SmtpSecurity.Plain, bool requireAuth = false)
    {
        var server = new SmtpTestServer(security, requireAuth);
        var port = new Uri(server.Url).Port;
        for (var i = 0; ; i++)
        {
            try
            {
                using var c = new TcpClient();
                await c.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (i < 100)
            {
                await Task.Delay(50);
            }
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    private sealed class Store(SmtpTestServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            MimeMessage? message = null;
            if (server.ParseMessages)
            {
                using var stream = new MemoryStream(buffer.ToArray());
                message = await MimeMessage.LoadAsync(stream, cancellationToken);
            }
            server.Received.Enqueue(new ReceivedMail(transaction.From.AsAddress(), [.. transaction.To.Select(t => t.AsAddress())],
                context.Pipe.IsSecure, context.Authentication.IsAuthenticated ? context.Authentication.User : null, message!, buffer.Length));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(SmtpTestServer server) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!server.Refused.ContainsKey(to.AsAddress()));
    }

    private sealed class Users : UserAuthenticator
    {
        public override Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken) =>
            Task.FromResult(user == User && password == Password);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
