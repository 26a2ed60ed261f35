using System;
using System.Threading;

namespace Collect.DevServer.Tests.Infrastructure;

/// <summary>A clock that stands still until a test moves it; local time is UTC, so dates are deterministic.</summary>
public sealed class ManualClock : TimeProvider
{
    private long _ticks;

    public ManualClock(DateTimeOffset now) => _ticks = now.UtcTicks;

    public static DateTimeOffset Start { get; } = new(2026, 3, 14, 10, 15, 30, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
