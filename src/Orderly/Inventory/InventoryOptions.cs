namespace Orderly.Inventory;

/// <summary>Bound to the "Inventory" section.</summary>
public sealed class InventoryOptions
{
    public const string Section = "Inventory";

    /// <summary>How long checkout holds stock for an unpaid order. Default 15 min.</summary>
    public TimeSpan ReservationTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often expired reservations are swept back into stock. Default 30 s.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);
}
