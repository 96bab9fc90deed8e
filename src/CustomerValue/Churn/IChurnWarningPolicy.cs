namespace CustomerValue.Churn;

/// <summary>
/// Turns measured churn signals into an explainable warning per customer: a level, a risk, the reasons with
/// their measured values and limits, a value-weighted priority and the expected next purchase.
/// </summary>
/// <remarks>
/// Implementations are immutable and thread-safe. The batch overload checks lengths once, allocates nothing per
/// customer (reasons are flags; messages are built on demand by <see cref="Explain"/>), may score chunks in parallel,
/// and gives exactly the scalar results. Every customer gets exactly one <see cref="ChurnLevel"/>.
/// </remarks>
public interface IChurnWarningPolicy
{
    /// <summary>The limits in use.</summary>
    ChurnWarningOptions Options { get; }

    /// <summary>One customer's warning, with explanations.</summary>
    /// <exception cref="ArgumentException">A signal is invalid (the message names the customer and the field).</exception>
    ChurnWarning Evaluate(in ChurnSignals signals);

    /// <summary>Warnings for many customers, into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">Lengths differ, or a row is invalid (the message names the first bad row and field).</exception>
    void Evaluate(ChurnSignalColumns signals, ChurnWarningDestination destination);

    /// <summary>The explanations of the given reasons for one customer (the on-demand form of the batch path's flags).</summary>
    IReadOnlyList<ChurnReason> Explain(in ChurnSignals signals, ChurnReasonCodes reasons);
}
