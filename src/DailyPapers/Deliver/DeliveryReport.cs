namespace DailyPapers.Deliver;

/// <summary>What a delivery of one day did, channel by channel.</summary>
public sealed record DeliveryReport(DateOnly Date, IReadOnlyList<ChannelReport> Channels)
{
    /// <summary>True when every channel delivered every message.</summary>
    public bool Succeeded => Channels.All(c => c.Succeeded);
}

/// <summary>
/// One channel's delivery: messages sent, edited in place, left alone (unchanged), changed but not re-sent (the service
/// cannot edit; <c>--resend</c> sends them), deleted (no longer in the day), and the failures by message. Never holds a secret.
/// </summary>
public sealed record ChannelReport(string Channel, string Kind, string Language, int Papers, int Sent, int Edited, int Unchanged, int Changed,
    int Retracted, IReadOnlyList<string> Failures)
{
    /// <summary>True when nothing failed.</summary>
    public bool Succeeded => Failures.Count == 0;

    /// <summary>One line: "team (slack, ko): 8 papers; 9 sent, 0 edited, 0 unchanged".</summary>
    public string Describe() =>
        $"{Channel} ({Kind}, {Language}): {Papers} paper{(Papers == 1 ? "" : "s")}; {Sent} sent, {Edited} edited, {Unchanged} unchanged"
        + (Changed > 0 ? $", {Changed} changed but not re-sent (this service cannot edit; --resend sends them again)" : "")
        + (Retracted > 0 ? $", {Retracted} deleted (no longer in the day)" : "")
        + (Failures.Count > 0 ? $", {Failures.Count} failed" : "");
}
