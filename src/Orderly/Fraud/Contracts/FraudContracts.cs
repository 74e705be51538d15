using Orderly.Messaging;
using Orderly.Payments.Contracts;

namespace Orderly.Fraud.Contracts;

/// <summary>
/// Screens a paid order for fraud. Called by Fulfillment <b>inside</b> its transaction when the
/// payment arrives, so a clean order goes on without an extra message hop. The assessment (score and
/// reasons) joins the caller's unit of work. Idempotent per order: a repeated call answers the
/// stored verdict.
/// </summary>
public interface IFraudScreen
{
    Task<FraudVerdict> ScreenAsync(PaymentSucceeded payment, CancellationToken cancellationToken);
}

/// <summary>The screen's answer.</summary>
/// <param name="Hold">True: the order waits for a person's review (approve or reject).</param>
/// <param name="Score">Sum of the points of the rules that fired.</param>
/// <param name="Reasons">One human-readable line per rule that fired (e.g. "disposable e-mail domain mailinator.com (+40)").</param>
public sealed record FraudVerdict(bool Hold, int Score, IReadOnlyList<string> Reasons)
{
    public static readonly FraudVerdict Clear = new(false, 0, []);
}

/// <summary>A held order was approved (by an admin, or by the review timeout): fulfillment goes on.</summary>
/// <param name="DecidedBy">Who approved: the admin's name, or <c>system:timeout</c>.</param>
[WireName("fraud.review_approved")]
public sealed record FraudReviewApproved(Guid OrderId, string DecidedBy, DateTime At);
