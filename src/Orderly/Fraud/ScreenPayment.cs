using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orderly.Fraud.Contracts;
using Orderly.Orders.Contracts;
using Orderly.Payments.Contracts;
using Orderly.Persistence;

namespace Orderly.Fraud;

/// <summary>
/// Scores a paid order (see <see cref="FraudRules"/>) and stores the assessment in the caller's
/// unit of work: a Pending review when the score reaches the threshold. The order's signals come
/// from <see cref="RecordOrderSignals"/>; when the payment overtook them, the order itself stands in
/// (without the client's address).
/// </summary>
internal sealed class ScreenPayment(OrderlyDbContext db, IOrderBook orders, IOptions<FraudOptions> options, DisposableDomains disposable, TimeProvider time) : IFraudScreen
{
    public async Task<FraudVerdict> ScreenAsync(PaymentSucceeded payment, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return FraudVerdict.Clear;
        }
        var stored = await db.Set<FraudAssessment>().AsNoTracking().FirstOrDefaultAsync(a => a.OrderId == payment.OrderId, cancellationToken);
        if (stored is not null)
        {
            return new FraudVerdict(stored.Review == ReviewStatus.Pending, stored.Score, stored.ReasonList);
        }

        var signals = await db.Set<OrderSignals>().AsNoTracking().FirstOrDefaultAsync(s => s.OrderId == payment.OrderId, cancellationToken)
            ?? await FromOrderAsync(payment.OrderId, cancellationToken);
        if (signals is null || signals.IsTest || settings.Exempt.Contains(signals.PaymentMethod))
        {
            return FraudVerdict.Clear;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var since = now - settings.VelocityWindow;
        var fingerprint = payment.Risk?.CardFingerprint;
        var others = db.Set<OrderSignals>().AsNoTracking().Where(s => s.OrderId != payment.OrderId && s.PlacedAt > since);
        var byEmail = 1 + await others.CountAsync(s => s.Email == signals.Email, cancellationToken);
        var byIp = signals.IpAddress is null ? 0 : 1 + await others.CountAsync(s => s.IpAddress == signals.IpAddress, cancellationToken);
        var byCard = fingerprint is null ? 0 : 1 + await db.Set<FraudAssessment>().AsNoTracking()
            .CountAsync(a => a.CardFingerprint == fingerprint && a.AssessedAt > since, cancellationToken);

        var facts = new FraudFacts(signals.Email, byEmail, byIp, byCard, payment.Amount, payment.Currency,
            signals.IpCountry, signals.BillingCountry, payment.Risk?.CardCountry, payment.Risk?.ProviderRiskLevel, payment.Risk?.ProviderRiskScore);
        var reasons = FraudRules.Evaluate(facts, settings, disposable);
        var score = reasons.Sum(r => r.Points);
        var hold = score >= settings.HoldThreshold;
        db.Set<FraudAssessment>().Add(new FraudAssessment
        {
            OrderId = payment.OrderId,
            Score = score,
            Reasons = string.Join('\n', reasons.Select(r => r.ToString())),
            CardFingerprint = fingerprint is { Length: > 128 } ? fingerprint[..128] : fingerprint,
            AssessedAt = now,
            Review = hold ? ReviewStatus.Pending : ReviewStatus.None,
        });
        return new FraudVerdict(hold, score, reasons.Select(r => r.ToString()).ToList());
    }

    private async Task<OrderSignals?> FromOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        await orders.FindAsync(orderId, cancellationToken) is { } order
            ? new OrderSignals
            {
                OrderId = order.Id,
                Email = order.Email.Trim().ToLowerInvariant(),
                Amount = order.TotalAmount,
                Currency = order.Currency,
                PaymentMethod = order.PaymentMethod,
                IsTest = order.IsTest,
                PlacedAt = order.PlacedAt,
            }
            : null;
}
