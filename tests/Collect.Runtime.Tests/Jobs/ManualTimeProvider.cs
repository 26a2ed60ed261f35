using System;
using System.Collections.Generic;
using System.Threading;

namespace Collect.Runtime.Tests.Jobs;

/// <summary>A clock that moves only when a test calls <see cref="Advance"/>, so timeouts fire exactly when a test wants.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _sync = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_sync) return _now;
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>The number of timers waiting to fire.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_sync) return _timers.Count;
        }
    }

    /// <summary>Moves the clock on and fires every timer that falls due, in order.</summary>
    public void Advance(TimeSpan by)
    {
        lock (_sync) _now += by;
        while (true)
        {
            ManualTimer? due = null;
            lock (_sync)
            {
                foreach (var timer in _timers)
                {
                    if (timer.Due <= _now && (due is null || timer.Due < due.Due)) due = timer;
                }
                if (due is null) return;
                if (due.Period > TimeSpan.Zero) due.Due += due.Period;
                else _timers.Remove(due);
            }
            due.Fire();
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; set; }

        public TimeSpan Period { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._sync)
            {
                owner._timers.Remove(this);
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                if (dueTime == Timeout.InfiniteTimeSpan) return true;
                Due = owner._now + dueTime;
                owner._timers.Add(this);
            }
            return true;
        }

        public void Dispose()
        {
            lock (owner._sync) owner._timers.Remove(this);
        }

        public System.Threading.Tasks.ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
