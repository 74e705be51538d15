namespace Orderly.IntegrationTests.Infrastructure;

/// <summary>
/// The system clock moved by <see cref="Offset"/>, for time travel in a running app: the app reads
/// "now" from it while its timers and delays stay real, so the workers keep running (a fake clock
/// that only moves when told would stop them).
/// </summary>
internal sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Travel(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>Moves the clock so that it reads <paramref name="at"/> now.</summary>
    public void TravelTo(DateTime at) => Travel(at - GetUtcNow().UtcDateTime);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
