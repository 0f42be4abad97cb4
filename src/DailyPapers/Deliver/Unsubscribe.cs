using System.Security.Cryptography;
using System.Text;

namespace DailyPapers.Deliver;

/// <summary>
/// Signed one-click unsubscribe links (RFC 8058): <c>{PublicUrl}/unsubscribe?list=L&amp;email=E&amp;sig=S</c>, where S is the
/// HMAC-SHA256 of "L\nE" under <c>DailyPapers:Delivery:Secret</c>, so nobody can remove an address without its link.
/// </summary>
public static class Unsubscribe
{
    /// <summary>The signature of a list and address (base64url, no padding).</summary>
    public static string Sign(string secret, string list, string email)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(email);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{list.ToLowerInvariant()}\n{email.ToLowerInvariant()}"));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>True when <paramref name="signature"/> is the list and address's signature (compared in constant time).</summary>
    public static bool Verify(string secret, string list, string email, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, list, email)), Encoding.ASCII.GetBytes(signature));

    /// <summary>The link for a list and address.</summary>
    public static string Link(string publicUrl, string secret, string list, string email)
    {
        ArgumentNullException.ThrowIfNull(publicUrl);
        return $"{publicUrl.Trim().TrimEnd('/')}/unsubscribe?list={Uri.EscapeDataString(list.ToLowerInvariant())}&email={Uri.EscapeDataString(email)}&sig={Sign(secret, list, email)}";
    }
}
