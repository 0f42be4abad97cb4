using System.Globalization;
using DailyPapers.Papers;
using DailyPapers.Summarize;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace DailyPapers.Llm;

/// <summary>Prices model calls and enforces <see cref="LlmOptions.BudgetCap"/> over the life of the process (one CLI run).</summary>
public sealed class LlmBudget(IOptions<LlmOptions> options)
{
    private readonly Lock _gate = new();
    private decimal _spent;

    /// <summary>Estimated cost spent so far (USD).</summary>
    public decimal Spent
    {
        get { lock (_gate) return _spent; }
    }

    /// <summary>The usage of one call, priced when both prices are configured.</summary>
    public ModelUsage Price(UsageDetails? usage)
    {
        var o = options.Value;
        long input = usage?.InputTokenCount ?? 0, output = usage?.OutputTokenCount ?? 0;
        decimal? cost = o.InputPricePerMillionTokens is { } pi && o.OutputPricePerMillionTokens is { } po
            ? (input * pi + output * po) / 1_000_000m
            : null;
        return new ModelUsage(1, input, output, cost);
    }

    /// <summary>Adds a call's cost to the total.</summary>
    public void Record(ModelUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        lock (_gate) _spent += usage.EstimatedCost ?? 0;
    }

    /// <summary>Throws when the cap is reached, so the remaining papers fail fast with that reason and no call is made.</summary>
    public void EnsureRoom(ModelUsage spentOnPaper)
    {
        var o = options.Value;
        if (o.BudgetCap is not { } cap) return;
        if (o.InputPricePerMillionTokens is null || o.OutputPricePerMillionTokens is null)
            throw new InvalidOperationException("DailyPapers:Llm:BudgetCap needs DailyPapers:Llm:InputPricePerMillionTokens and DailyPapers:Llm:OutputPricePerMillionTokens to estimate the cost");
        var spent = Spent;
        if (spent >= cap)
            throw new SummarizationException(string.Create(CultureInfo.InvariantCulture,
                $"budget cap reached: ${spent:0.####} of ${cap:0.####} (DailyPapers:Llm:BudgetCap) spent; not summarized")) { Usage = spentOnPaper };
    }
}
