using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orderly.Audit.Contracts;
using Orderly.Hosting;
using Orderly.Messaging;
using Orderly.Orders.Contracts;
using Orderly.Persistence;
using Orderly.Shipping.Contracts;

namespace Orderly.Shipping;

public sealed record ShipShipmentRequest(string? Carrier, string? TrackingNumber);

public sealed record TrackingEventRequest(string? Status, string? Location, DateTime? At);

/// <summary>
/// The admin steps of a shipment: <c>POST /api/admin/shipments/{id}/ship</c> (packing → shipped,
/// <see cref="ShipmentShipped"/>), <c>…/events</c> (a courier's tracking step while shipped) and
/// <c>…/deliver</c> (shipped → delivered, <see cref="ShipmentDelivered"/>). Each is a guarded update
/// on the status it starts from, so a repeated or concurrent step is refused, never applied twice.
/// </summary>
internal static class MoveShipment
{
    public abstract record Outcome
    {
        public sealed record Moved(ShipmentView Shipment) : Outcome;
        public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : Outcome;
        public sealed record NotFound : Outcome;
        public sealed record Illegal(string Status, string Step) : Outcome;
    }

    /// <summary>The status a step starts from (a shipment moves forward only).</summary>
    public static ShipmentStatus From(string step) => step switch
    {
        "ship" => ShipmentStatus.Packing,
        "track" or "deliver" => ShipmentStatus.Shipped,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };

    public static List<ValidationError> Validate(ShipShipmentRequest request)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(request.Carrier) || request.Carrier.Trim().Length > 64)
        {
            errors.Add(new("carrier", "is required, at most 64 characters."));
        }
        if (string.IsNullOrWhiteSpace(request.TrackingNumber) || request.TrackingNumber.Trim().Length > 128)
        {
            errors.Add(new("trackingNumber", "is required, at most 128 characters."));
        }
        return errors;
    }

    public static List<ValidationError> Validate(TrackingEventRequest request)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(request.Status) || request.Status.Trim().Length > ShippingDestination.MaxField)
        {
            errors.Add(new("status", $"is required, at most {ShippingDestination.MaxField} characters."));
        }
        if (request.Location?.Trim().Length > ShippingDestination.MaxField)
        {
            errors.Add(new("location", $"must be at most {ShippingDestination.MaxField} characters."));
        }
        return errors;
    }

    internal sealed class Handler(OrderlyDbContext db, IOrderBook orders, IOutbox outbox, IAuditLog audit, TimeProvider time)
    {
        public Task<Outcome> ShipAsync(Guid id, ShipShipmentRequest request, CancellationToken ct) =>
            Validate(request) is { Count: > 0 } errors ? Task.FromResult<Outcome>(new Outcome.Invalid(errors)) : MoveAsync(id, "ship", (shipment, now) =>
            {
                shipment.Status = ShipmentStatus.Shipped;
                shipment.Carrier = request.Carrier!.Trim();
                shipment.TrackingNumber = request.TrackingNumber!.Trim();
                shipment.ShippedAt = now;
                outbox.Enqueue(new ShipmentShipped(shipment.OrderId, shipment.Id, shipment.Carrier, shipment.TrackingNumber, now));
                // Orders writes the timeline entry when it handles ShipmentShipped.
                return ("ShipmentShipped", null, null);
            }, ct);

        public Task<Outcome> TrackAsync(Guid id, TrackingEventRequest request, CancellationToken ct) =>
            Validate(request) is { Count: > 0 } errors ? Task.FromResult<Outcome>(new Outcome.Invalid(errors)) : MoveAsync(id, "track", (shipment, now) =>
            {
                db.Set<TrackingEvent>().Add(new TrackingEvent { ShipmentId = shipment.Id, Status = request.Status!.Trim(), Location = request.Location?.Trim(), At = request.At?.ToUniversalTime() ?? now });
                return (null, "shipment_tracking", request.Status!.Trim());
            }, ct);

        public Task<Outcome> DeliverAsync(Guid id, CancellationToken ct) =>
            MoveAsync(id, "deliver", (shipment, now) =>
            {
                shipment.Status = ShipmentStatus.Delivered;
                shipment.DeliveredAt = now;
                outbox.Enqueue(new ShipmentDelivered(shipment.OrderId, shipment.Id, now));
                return ("ShipmentDelivered", null, null);
            }, ct);

        /// <summary>One step in one transaction: check the status under the row lock, apply, record.</summary>
        private async Task<Outcome> MoveAsync(Guid id, string step, Func<Shipment, DateTime, (string? AuditType, string? TimelineEvent, string? Detail)> apply, CancellationToken ct)
        {
            await using var transaction = await db.BeginWriteAsync(ct);
            var shipment = await db.Set<Shipment>().Include(s => s.Lines).FirstOrDefaultAsync(s => s.Id == id, ct);
            if (shipment is null)
            {
                return new Outcome.NotFound();
            }
            var from = From(step);
            // The guarded UPDATE takes the row (PostgreSQL) and fails when another step moved it first.
            if (shipment.Status != from || await db.Set<Shipment>().Where(s => s.Id == id && s.Status == from)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, from), ct) == 0)
            {
                return new Outcome.Illegal(ShipmentView.StatusName(shipment.Status), step);
            }
            var now = time.GetUtcNow().UtcDateTime;
            var (auditType, timelineEvent, detail) = apply(shipment, now);
            if (auditType is not null)
            {
                var isTest = (await orders.FindAsync(shipment.OrderId, ct))?.IsTest ?? false;
                audit.Append(auditType, shipment.OrderId, "admin", new { shipmentId = shipment.Id, shipment.Carrier, shipment.TrackingNumber, test = isTest });
            }
            if (timelineEvent is not null)
            {
                // A tracking step has no event of its own: it goes on the order's timeline from here.
                orders.Note(shipment.OrderId, timelineEvent, detail);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new Outcome.Moved((await ListShipments.LoadAsync(db.Set<Shipment>().Where(s => s.Id == id), db, withAddress: true, ct)).Single());
        }
    }

    public static async Task<Results<Ok<ShipmentView>, ProblemHttpResult>> ShipEndpointAsync(Guid id, ShipShipmentRequest request, Handler handler, CancellationToken ct) =>
        Answer(id, await handler.ShipAsync(id, request, ct));

    public static async Task<Results<Ok<ShipmentView>, ProblemHttpResult>> TrackEndpointAsync(Guid id, TrackingEventRequest request, Handler handler, CancellationToken ct) =>
        Answer(id, await handler.TrackAsync(id, request, ct));

    public static async Task<Results<Ok<ShipmentView>, ProblemHttpResult>> DeliverEndpointAsync(Guid id, Handler handler, CancellationToken ct) =>
        Answer(id, await handler.DeliverAsync(id, ct));

    private static Results<Ok<ShipmentView>, ProblemHttpResult> Answer(Guid id, Outcome outcome) => outcome switch
    {
        Outcome.Moved m => TypedResults.Ok(m.Shipment),
        Outcome.Invalid i => Problems.Validation(i.Errors),
        Outcome.NotFound => Problems.NotFound(ShippingErrors.ShipmentNotFound, $"No shipment {id}."),
        Outcome.Illegal x => Problems.Conflict(ShippingErrors.IllegalTransition, $"A shipment that is {x.Status} cannot take the step '{x.Step}'.",
            new Dictionary<string, object?> { ["status"] = x.Status, ["step"] = x.Step }),
        _ => throw new InvalidOperationException("Unhandled outcome."),
    };
}

public static class ShippingErrors
{
    public const string ShipmentNotFound = "shipping.shipment_not_found";
    public const string IllegalTransition = "shipping.illegal_transition";
}
