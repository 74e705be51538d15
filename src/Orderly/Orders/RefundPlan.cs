namespace Orderly.Orders;

/// <summary>What is left of one line for a refund to take.</summary>
/// <param name="Quantity">Units bought (0: not given, each unit is worth <paramref name="UnitPriceAmount"/>).</param>
/// <param name="PaidAmount">What the whole line cost the buyer (after its discount share, with added VAT); null: price × quantity.</param>
internal sealed record RefundableLine(Guid OrderLineId, long UnitPriceAmount, int QuantityLeft, int Quantity = 0, long? PaidAmount = null)
{
    /// <summary>
    /// What <paramref name="count"/> more units are worth. A discounted line's paid amount need not
    /// divide by its quantity: the units still held are worth floor(paid × held / quantity), so the
    /// first units refunded carry the odd cents and refunding every unit returns exactly what was paid.
    /// </summary>
    public long ValueOf(int count) => PaidAmount is not { } paid || Quantity <= 0
        ? UnitPriceAmount * count
        : Held(paid, QuantityLeft) - Held(paid, QuantityLeft - count);

    private long Held(long paid, int units) => paid * units / Quantity;
}

/// <summary>
/// Decides which units a refund takes back: the named lines (or all lines) in full when the amount
/// covers what is left of them, else whole units whose paid values (<see cref="RefundableLine.ValueOf"/>:
/// net of the discount, with added VAT) add up to the amount exactly. Null: the amount matches no set
/// of whole units (a goodwill refund, a shipping fee): a person decides.
/// </summary>
internal static class RefundPlan
{
    /// <summary>Enough for any real basket; beyond it the search gives up (null) instead of spinning.</summary>
    private const int SearchBudget = 200_000;

    /// <param name="named">
    /// The line ids the refund named. Orders' own refunds name a line once per unit; when those
    /// units are worth exactly the amount they are taken as they are.
    /// </param>
    public static IReadOnlyDictionary<Guid, int>? Units(IReadOnlyList<RefundableLine> lines, long amount, IReadOnlyList<Guid>? named = null)
    {
        if (named is { Count: > 0 })
        {
            var counted = named.GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
            var exact = lines.Where(l => counted.ContainsKey(l.OrderLineId)).ToList();
            if (exact.Count == counted.Count && exact.All(l => counted[l.OrderLineId] <= l.QuantityLeft)
                && exact.Sum(l => l.ValueOf(counted[l.OrderLineId])) == amount)
            {
                return counted;
            }
        }
        var candidates = lines.Where(l => l.QuantityLeft > 0).ToList();
        var left = candidates.Sum(l => l.ValueOf(l.QuantityLeft));
        if (amount <= 0)
        {
            return null;
        }
        if (amount >= left)
        {
            return candidates.ToDictionary(l => l.OrderLineId, l => l.QuantityLeft);
        }
        // Dearest units first: fewest units for the amount, and the search ends sooner.
        candidates = candidates.OrderByDescending(l => l.ValueOf(1)).ToList();
        var chosen = new int[candidates.Count];
        var budget = SearchBudget;
        return Search(0, amount) ? candidates.Select((l, i) => (l.OrderLineId, Count: chosen[i])).Where(c => c.Count > 0).ToDictionary(c => c.OrderLineId, c => c.Count) : null;

        bool Search(int index, long remaining)
        {
            if (remaining == 0)
            {
                return true;
            }
            if (index == candidates.Count || --budget < 0)
            {
                return false;
            }
            var line = candidates[index];
            var most = line.ValueOf(1) == 0 ? 0 : line.QuantityLeft;
            while (most > 0 && line.ValueOf(most) > remaining)
            {
                most--;
            }
            for (var count = most; count >= 0; count--)
            {
                chosen[index] = count;
                if (Search(index + 1, remaining - line.ValueOf(count)))
                {
                    return true;
                }
            }
            chosen[index] = 0;
            return false;
        }
    }
}
