using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DailyPapers.Tests.Cli;
using MimeKit;

namespace DailyPapers.Tests.Deliver;

/// <summary>E-mail delivery through the CLI to a real SMTP server on 127.0.0.1, each message parsed with MimeKit.</summary>
public sealed class EmailDeliveryTests
{
    private const string Secret = "unsubscribe-signing-secret";

    private static Dictionary<string, string> Settings(string store, SmtpTestServer smtp, string publicUrl = "https://papers.example.org", params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string>
        {
            ["DailyPapers:Store:Path"] = store,
            ["DailyPapers:Delivery:Secret"] = Secret,
            ["DailyPapers:Delivery:PublicUrl"] = publicUrl,
            ["DailyPapers:Channels:mail:Kind"] = "email",
            ["DailyPapers:Channels:mail:Url"] = smtp.Url,
            ["DailyPapers:Channels:mail:From"] = "Daily Papers <digest@example.org>",
            ["DailyPapers:Channels:mail:To"] = "team@example.org",
        };
        foreach (var (k, v) in more) settings[$"DailyPapers:Channels:mail:{k}"] = v;
        return settings;
    }

    [Fact]
    public async Task Each_recipient_gets_a_multipart_message_with_a_korean_subject_escaped_html_and_one_click_unsubscribe_once()
    {
        // Given a stored day, a plain loopback SMTP server, and two subscribers besides the channel's To
        await using var smtp = await SmtpTestServer.StartAsync();
        var store = await DeliveryStore.CreateAsync();
        var add = await CliRunner.RunAsync(Settings(store, smtp), "subscribers", "add", "mail", "kim@example.org", "lee@example.org");

        // When the day is delivered twice
        var first = await CliRunner.RunAsync(Settings(store, smtp), "deliver", "--date", "2024-08-15");
        var second = await CliRunner.RunAsync(Settings(store, smtp), "deliver", "--date", "2024-08-15");

        // Then each of the three addresses got one message, and the re-run sent nothing
        Assert.Equal((0, 0, 0), (add.ExitCode, first.ExitCode, second.ExitCode));
        var received = smtp.Received.ToList();
        Assert.Equal(["kim@example.org", "lee@example.org", "team@example.org"], received.SelectMany(r => r.To).Order());
        Assert.Contains("mail (email, ko): 8 papers; 3 sent", first.Stderr, StringComparison.Ordinal);
        Assert.Contains("0 sent, 0 edited, 3 unchanged", second.Stderr, StringComparison.Ordinal);

        var message = received.Single(r => r.To.Contains("kim@example.org")).Message;
        // the subject is Korean, encoded on the wire and decoded by MimeKit
        Assert.Equal("오늘의 논문 2024-08-15: 8편", message.Subject);
        Assert.Contains("=?utf-8?", RawHeader(message, "Subject"), StringComparison.OrdinalIgnoreCase);
        // the body is multipart/alternative: text first, then HTML
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Contains("2408.07246", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("논문은 새로운 방법을 제안합니다.", message.TextBody, StringComparison.Ordinal);
        // the HTML has inline styles, no script, and the feed's markup encoded
        var html = message.HtmlBody;
        Assert.Contains("style=\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("https://papers.example.org/2024-08-15?lang=ko", html, StringComparison.Ordinal);
        // and RFC 8058 one-click unsubscribe headers carry the signed link for that address
        var link = message.Headers["List-Unsubscribe"];
        Assert.StartsWith("<https://papers.example.org/unsubscribe?list=mail&email=kim%40example.org&sig=", link, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.Equal("digest@example.org", received[0].From);
    }

    private static string RawHeader(MimeMessage message, string name)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        var text = System.Text.Encoding.ASCII.GetString(stream.ToArray());
        return text.Split('\n').First(l => l.StartsWith(name + ":", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(SmtpSecurity.StartTls)]
    [InlineData(SmtpSecurity.ImplicitTls)]
    public async Task Tls_and_authentication_are_used_and_the_password_is_never_shown(SmtpSecurity security)
    {
        // Given a server that requires AUTH over TLS with a self-signed certificate the channel pins
        await using var smtp = await SmtpTestServer.StartAsync(security, requireAuth: true);
        var store = await DeliveryStore.CreateAsync();
        var good = Settings(store, smtp, more: [("Token", SmtpTestServer.Password), ("TrustCertificate", smtp.Fingerprint)]);

        // When the day is delivered, then delivered with a wrong password to a fresh store
        var result = await CliRunner.RunAsync(good, "deliver", "--date", "2024-08-15");
        var otherStore = await DeliveryStore.CreateAsync();
        var wrong = await CliRunner.RunAsync(Settings(otherStore, smtp, more: [("Token", "wrong-SECRET-password"), ("TrustCertificate", smtp.Fingerprint)]), "deliver", "--date", "2024-08-15");

        // Then the message went over TLS as the authenticated user; the wrong password is named as refused, never shown
        Assert.Equal(0, result.ExitCode);
        var mail = Assert.Single(smtp.Received);
        Assert.True(mail.Secure);
        Assert.Equal(SmtpTestServer.User, mail.User);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("refused the credentials", wrong.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-password", result.Stderr + wrong.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_untrusted_certificate_is_refused_rather_than_used()
    {
        // Given a STARTTLS server whose self-signed certificate the channel does not pin
        await using var smtp = await SmtpTestServer.StartAsync(SmtpSecurity.StartTls);
        var store = await DeliveryStore.CreateAsync();

        // When the day is delivered
        var result = await CliRunner.RunAsync(Settings(store, smtp), "deliver", "--date", "2024-08-15");

        // Then nothing was sent and the TLS failure is named
        Assert.Equal(1, result.ExitCode);
        Assert.Empty(smtp.Received);
        Assert.Contains("the TLS handshake failed", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_recipient_is_named_the_others_still_get_the_day_and_a_rerun_retries_only_it()
    {
        // Given a server that refuses one of three addresses
        await using var smtp = await SmtpTestServer.StartAsync();
        smtp.Refused["closed@example.org"] = true;
        var store = await DeliveryStore.CreateAsync();
        var settings = Settings(store, smtp, more: [("To", "a@example.org, closed@example.org, b@example.org")]);

        // When the day is delivered, the mailbox reopens, and the day is delivered again
        var first = await CliRunner.RunAsync(settings, "deliver", "--date", "2024-08-15");
        smtp.Refused.Clear();
        var second = await CliRunner.RunAsync(settings, "deliver", "--date", "2024-08-15");

        // Then the refusal is named with exit 1, the others got it once, and the re-run sent only the refused one
        Assert.Equal((1, 0), (first.ExitCode, second.ExitCode));
        Assert.Contains("FAILED mail: to:closed@example.org: the SMTP server refused closed@example.org: 550", first.Stderr, StringComparison.Ordinal);
        Assert.Equal(["a@example.org", "b@example.org", "closed@example.org"], smtp.Received.SelectMany(r => r.To));
        Assert.Contains("1 sent, 0 edited, 2 unchanged", second.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_day_is_not_mailed_again_without_resend_and_needs_no_server_to_say_so()
    {
        // Given a day mailed to one address, then the SMTP server gone and the summaries made again with other text
        var store = await DeliveryStore.CreateAsync();
        Dictionary<string, string> settings;
        await using (var smtp = await SmtpTestServer.StartAsync())
        {
            settings = Settings(store, smtp);
            Assert.Equal(0, (await CliRunner.RunAsync(settings, "deliver", "--date", "2024-08-15")).ExitCode);
            Assert.Single(smtp.Received);
        }
        await DeliveryStore.ResummarizeAsync(store, _ => "다시 쓴 요약.");

        // When the day is delivered again
        var rerun = await CliRunner.RunAsync(settings, "deliver", "--date", "2024-08-15");

        // Then nothing was sent and no connection was needed: the change is reported, to be sent with --resend
        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains("0 sent, 0 edited, 0 unchanged, 1 changed but not re-sent", rerun.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribers_are_added_listed_and_removed_and_only_an_email_channel_has_them()
    {
        // Given an e-mail channel and a Slack one
        await using var smtp = await SmtpTestServer.StartAsync();
        var store = await DeliveryStore.CreateAsync();
        var settings = Settings(store, smtp);
        settings["DailyPapers:Channels:team:Kind"] = "slack";
        settings["DailyPapers:Channels:team:Url"] = "https://hooks.example.org/services/T/B/x";

        // When addresses are added (one twice), one removed, and the lists shown; then a Slack channel and a bad address are tried
        var add = await CliRunner.RunAsync(settings, "subscribers", "add", "MAIL", "kim@example.org", "lee@example.org");
        var again = await CliRunner.RunAsync(settings, "subscribers", "add", "mail", "kim@example.org");
        var remove = await CliRunner.RunAsync(settings, "subscribers", "remove", "mail", "lee@example.org");
        var list = await CliRunner.RunAsync(settings, "subscribers", "list");
        var slack = await CliRunner.RunAsync(settings, "subscribers", "add", "team", "x@example.org");
        var bad = await CliRunner.RunAsync(settings, "subscribers", "add", "mail", "not-an-address");

        // Then each says what it did, the list holds the one left, and the refusals exit 2
        Assert.Equal((0, 0, 0, 0), (add.ExitCode, again.ExitCode, remove.ExitCode, list.ExitCode));
        Assert.Contains("lee@example.org: added to mail", add.Stderr, StringComparison.Ordinal);
        Assert.Contains("kim@example.org: already on mail", again.Stderr, StringComparison.Ordinal);
        Assert.Contains("lee@example.org: removed from mail", remove.Stderr, StringComparison.Ordinal);
        Assert.Equal(["mail\tkim@example.org"], list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join('\t', l.Split('\t').Take(2))));
        Assert.Equal((2, 2), (slack.ExitCode, bad.ExitCode));
        Assert.Contains("no e-mail channel 'team'", slack.Stderr, StringComparison.Ordinal);
        Assert.Contains("not an e-mail address: not-an-address", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unsubscribe_link_of_a_received_message_removes_the_subscriber_through_serve()
    {
        // Given serve's address, a subscriber, and the day delivered with links to serve
        await using var smtp = await SmtpTestServer.StartAsync();
        var store = await DeliveryStore.CreateAsync();
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var settings = Settings(store, smtp, baseUrl);
        Assert.Equal(0, (await CliRunner.RunAsync(settings, "subscribers", "add", "mail", "kim@example.org")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(settings, "deliver", "--date", "2024-08-15")).ExitCode);
        var header = smtp.Received.Single(r => r.To.Contains("kim@example.org")).Message.Headers["List-Unsubscribe"];
        var link = Assert.IsType<string>(header).Trim('<', '>');

        // When serve runs and a mail client posts the one-click request (after a forged link and a plain GET)
        var env = settings.ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant(), kv => kv.Value);
        using var serve = Process.Start(CliRunner.ProcessStart(env, "serve", "--urls", baseUrl))!;
        var log = serve.StandardOutput.ReadToEndAsync();
        try
        {
            using var http = new HttpClient();
            await WaitUntilHealthyAsync(http, baseUrl, serve);
            var forged = await http.PostAsync(link.Replace("kim%40", "lee%40", StringComparison.Ordinal), new StringContent("List-Unsubscribe=One-Click"));
            var page = await http.GetAsync(link);
            var stillThere = await CliRunner.RunAsync(settings, "subscribers", "list", "mail");
            var oneClick = await http.PostAsync(link, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
            var after = await CliRunner.RunAsync(settings, "subscribers", "list", "mail");

            // Then the forged link is refused, the GET only asks, and the one-click POST removed the address
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<button type=\"submit\">Unsubscribe</button>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Contains("kim@example.org", stillThere.Stdout, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
            Assert.DoesNotContain("kim@example.org", after.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
        Assert.Contains("Now listening on: " + baseUrl, await log, StringComparison.Ordinal);
    }

    private static async Task WaitUntilHealthyAsync(HttpClient http, string baseUrl, Process serve)
    {
        for (var i = 0; i < 300; i++)
        {
            if (serve.HasExited) Assert.Fail($"serve exited with {serve.ExitCode}: {await serve.StandardError.ReadToEndAsync()}");
            try
            {
                if ((await http.GetAsync(baseUrl + "/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("serve did not become healthy within 30 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
