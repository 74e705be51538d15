using Microsoft.EntityFrameworkCore;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Persistence;

namespace Orderly.Fraud;

/// <summary>
/// Keeps what the checkout saw of each order's buyer (address, client IP and countries, amount) in
/// Fraud's own table, where the velocity rules count it when the payment arrives. Once per order.
/// </summary>
internal sealed class RecordOrderSignals(OrderlyDbContext db) : IMessageHandler<OrderPlaced>
{
    public async Task HandleAsync(OrderPlaced message, MessageContext context, CancellationToken cancellationToken)
    {
        if (await db.Set<OrderSignals>().AnyAsync(s => s.OrderId == message.OrderId, cancellationToken))
        {
            return;
        }
        db.Set<OrderSignals>().Add(new OrderSignals
        {
            OrderId = message.OrderId,
            Email = message.Email.Trim().ToLowerInvariant(),
            IpAddress = Clip(message.Buyer?.IpAddress, 45),
            IpCountry = Country(message.Buyer?.IpCountry),
            BillingCountry = Country(message.Buyer?.BillingCountry),
            Amount = message.TotalAmount,
            Currency = message.Currency.ToUpperInvariant(),
            PaymentMethod = message.PaymentMethod,
            IsTest = message.IsTest,
            PlacedAt = message.PlacedAt,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Two letters or nothing: proxies send "XX" or "T1" for unknown and Tor, which are not countries either way.</summary>
    private static string? Country(string? value) =>
        value?.Trim().ToUpperInvariant() is { Length: 2 } code && code.All(char.IsAsciiLetterUpper) && code != "XX" ? code : null;

    private static string? Clip(string? value, int length) => value is null ? null : value.Length <= length ? value : value[..length];
}
