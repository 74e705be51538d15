using Orderly.Shipping;

namespace Orderly.UnitTests.Shipping;

public sealed class MoveShipmentTests
{
    [Fact]
    public void Each_step_starts_from_one_status() =>
        Assert.Equal([ShipmentStatus.Packing, ShipmentStatus.Shipped, ShipmentStatus.Shipped], new[] { "ship", "track", "deliver" }.Select(MoveShipment.From));

    [Fact]
    public void Shipping_needs_a_carrier_and_a_tracking_number()
    {
        Assert.Equal(["carrier", "trackingNumber"], MoveShipment.Validate(new ShipShipmentRequest(" ", null)).Select(e => e.Field));
        Assert.Empty(MoveShipment.Validate(new ShipShipmentRequest("DHL", "00340434161234567890")));
    }

    [Fact]
    public void A_tracking_event_needs_a_status()
    {
        Assert.Equal(["status"], MoveShipment.Validate(new TrackingEventRequest(null, "Leipzig", null)).Select(e => e.Field));
        Assert.Equal(["location"], MoveShipment.Validate(new TrackingEventRequest("In transit", new string('x', 201), null)).Select(e => e.Field));
    }
}
