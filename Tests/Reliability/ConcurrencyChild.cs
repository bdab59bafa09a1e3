using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using System.Threading;
using AuditWeaver;

namespace Tests.Reliability;

/// <summary>
/// Child processes for <see cref="ConcurrencyTests"/>: hooks that block, throw or do audited work stay for the life of a
/// process, so each scenario gets one. Every wait is bounded by <see cref="s_watchdog"/>: a deadlock prints
/// <c>deadlock: ...</c> and exits with 3 instead of hanging the test run. Results are printed as <c>key=value</c> lines.
/// </summary>
internal static class ConcurrencyChild
{
    // Far beyond what any step needs on a loaded machine; only a deadlock reaches it.
    private static readonly TimeSpan s_watchdog = TimeSpan.FromSeconds(90);

    [ThreadStatic]
    private static int t_raiser;

    [ThreadStatic]
    private static int t_call;

    [ThreadStatic]
    private static bool t_blockAddHook;

    private delegate bool Exists(string path);

    private delegate string ReadAllText(string path);

    private delegate void WriteAllText(string path, string text);

    internal static int Run(string scenario, string wovenPath, string folder)
    {
        var files = Activator.CreateInstance(new AssemblyLoadContext("concurrency").LoadFromAssemblyPath(wovenPath).GetType("AssemblyToProcess.FileScenarios", throwOnError: true)!)!;
        try
        {
            return scenario switch
            {
                "burst" => Burst(files, folder),
                "blocking" => Blocking(files, folder),
                "blocking-addhook" => BlockingAddHook(files, folder),
                "reentrant" => Reentrant(files, folder),
                "throwing" => Throwing(files, folder),
                "consumer-callbacks" => ConsumerCallbacks(files, folder),
                _ => throw new ArgumentException("unknown concurrency scenario " + scenario),
            };
        }
        catch (TimeoutException exception)
        {
            Console.WriteLine("deadlock: " + exception.Message);
            return 3;
        }
    }

    // Raisers call a woven File.Exists in a loop while adders add hooks. A call that started after AddHook returned
    // must reach that hook exactly once; no call reaches any hook twice.
    private static int Burst(object files, string folder)
    {
        const int raisers = 4;
        const int adders = 4;
        const int hooksPerAdder = 12;
        const int warmUp = 500;
        const int tail = 1000;
        const int capacity = 150_000;
        var exists = Bind<Exists>(files, "Exists");
        var paths = Enumerable.Range(0, raisers).Select(r => Path.Combine(folder, "raiser" + r.ToString(CultureInfo.InvariantCulture))).ToArray();
        var started = Enumerable.Range(0, raisers).Select(_ => new long[capacity]).ToArray();
        var calls = new int[raisers];
        const int hookCount = 1 + (adders * hooksPerAdder);
        var seen = Enumerable.Range(0, hookCount).Select(_ => Enumerable.Range(0, raisers).Select(_ => new byte[capacity]).ToArray()).ToArray();
        var addedAt = new long[hookCount];
        long clock = 0;
        var addersDone = 0;
        var errors = new ConcurrentQueue<Exception>();
        using var warmedUp = new CountdownEvent(raisers);

        Action<AuditEvent> Hook(int hook) => e =>
        {
            var raiser = t_raiser - 1;
            if (raiser >= 0 && e.Name == "file.stat" && (string?)e.Arguments[0] == paths[raiser])
            {
                seen[hook][raiser][t_call]++;
            }
        };

        // Hook 0 is there before anything is raised, so every call must reach it.
        Audit.AddHook(Hook(0));
        var raiserThreads = Enumerable.Range(0, raisers).Select(r => Start(errors, () =>
        {
            t_raiser = r + 1;
            var doneAt = -1;
            for (var i = 0; i < capacity; i++)
            {
                if (doneAt < 0 && Volatile.Read(ref addersDone) == 1)
                {
                    doneAt = i;
                }

                if (doneAt >= 0 && i >= doneAt + tail)
                {
                    break;
                }

                started[r][i] = Interlocked.Increment(ref clock);
                t_call = i;
                exists(paths[r]);
                calls[r] = i + 1;
                if (i + 1 == warmUp)
                {
                    warmedUp.Signal();
                }
            }

            if (doneAt < 0 || calls[r] < doneAt + tail)
            {
                throw new InvalidOperationException("raiser " + r + " ran out of capacity before the adders finished");
            }
        })).ToList();

        Wait(warmedUp.WaitHandle, "raisers warming up");
        var adderThreads = Enumerable.Range(0, adders).Select(a => Start(errors, () =>
        {
            for (var k = 0; k < hooksPerAdder; k++)
            {
                var hook = 1 + (a * hooksPerAdder) + k;
                Audit.AddHook(Hook(hook));
                addedAt[hook] = Interlocked.Increment(ref clock);
            }
        })).ToList();
        Join(adderThreads, "adders");
        Volatile.Write(ref addersDone, 1);
        Join(raiserThreads, "raisers");

        long checkedCalls = 0, missed = 0, duplicated = 0, beforeAddSeen = 0;
        for (var hook = 0; hook < hookCount; hook++)
        {
            for (var r = 0; r < raisers; r++)
            {
                for (var i = 0; i < calls[r]; i++)
                {
                    var count = seen[hook][r][i];
                    duplicated += count > 1 ? 1 : 0;
                    if (started[r][i] > addedAt[hook])
                    {
                        checkedCalls++;
                        missed += count == 0 ? 1 : 0;
                    }
                    else
                    {
                        beforeAddSeen += count;
                    }
                }
            }
        }

        Console.WriteLine("hooks=" + hookCount);
        Console.WriteLine("calls=" + calls.Sum());
        Console.WriteLine("minimum-checked=" + ((long)hookCount * raisers * tail));
        Console.WriteLine("checked=" + checkedCalls);
        Console.WriteLine("missed=" + missed);
        Console.WriteLine("duplicated=" + duplicated);
        Console.WriteLine("seen-before-added=" + beforeAddSeen);
        return Report(errors);
    }

    // A hook blocks inside one thread's event: other threads still add hooks, open captures and raise events.
    private static int Blocking(object files, string folder)
    {
        var exists = Bind<Exists>(files, "Exists");
        var blocked = Path.Combine(folder, "blocked");
        var other = Path.Combine(folder, "other");
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var errors = new ConcurrentQueue<Exception>();
        Audit.AddHook(e =>
        {
            if (e.Name == "file.stat" && (string?)e.Arguments[0] == blocked)
            {
                entered.Set();
                Wait(release.WaitHandle, "the test releasing the blocked hook");
            }
        });

        var blockedThread = Start(errors, () => exists(blocked));
        Wait(entered.WaitHandle, "the hook blocking");

        var late = new ConcurrentQueue<string>();
        Join(new[] { Start(errors, () => Audit.AddHook(e => { if (e.Name == "file.stat") late.Enqueue((string)e.Arguments[0]!); })) }, "AddHook while a hook blocks");
        Console.WriteLine("addhook-while-blocked=completed");
        Join(new[] { Start(errors, () => Audit.Capture().Dispose()) }, "a capture opened while a hook blocks");
        Console.WriteLine("capture-while-blocked=completed");
        Join(Enumerable.Range(0, 2).Select(_ => Start(errors, () =>
        {
            for (var i = 0; i < 100; i++)
            {
                exists(other);
            }
        })).ToList(), "raises while a hook blocks");
        Console.WriteLine("raised-while-blocked=" + late.Count(p => p == other));
        Console.WriteLine("blocked-thread-alive=" + blockedThread.IsAlive.ToString(CultureInfo.InvariantCulture));

        release.Set();
        Join(new[] { blockedThread }, "the released thread");
        Console.WriteLine("late-hook-saw-blocked-event=" + late.Contains(blocked).ToString(CultureInfo.InvariantCulture));
        exists(blocked);
        Console.WriteLine("late-hook-saw-later-event=" + late.Contains(blocked).ToString(CultureInfo.InvariantCulture));
        return Report(errors);
    }

    // A hook blocks on audit.addhook: registration is serialized (the hooks present vet each new one), so a second
    // AddHook waits for the first; events keep flowing meanwhile.
    private static int BlockingAddHook(object files, string folder)
    {
        var exists = Bind<Exists>(files, "Exists");
        var other = Path.Combine(folder, "other");
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        using var secondCalling = new ManualResetEventSlim();
        var errors = new ConcurrentQueue<Exception>();
        var raised = 0;
        Audit.AddHook(e =>
        {
            if (e.Name == "audit.addhook" && t_blockAddHook)
            {
                entered.Set();
                Wait(release.WaitHandle, "the test releasing the blocked hook");
            }
            else if (e.Name == "file.stat" && (string?)e.Arguments[0] == other)
            {
                Interlocked.Increment(ref raised);
            }
        });

        var firstSawAddHooks = new ConcurrentQueue<string>();
        var first = Start(errors, () =>
        {
            t_blockAddHook = true;
            Audit.AddHook(e =>
            {
                if (e.Name == "audit.addhook")
                {
                    firstSawAddHooks.Enqueue((string)e.Arguments[0]!);
                }
            });
        });
        Wait(entered.WaitHandle, "the hook blocking on audit.addhook");

        Join(Enumerable.Range(0, 2).Select(_ => Start(errors, () =>
        {
            for (var i = 0; i < 100; i++)
            {
                exists(other);
            }
        })).ToList(), "raises while audit.addhook blocks");
        Console.WriteLine("raised-while-addhook-blocked=" + Volatile.Read(ref raised));

        var second = Start(errors, () =>
        {
            secondCalling.Set();
            Audit.AddHook(SecondHook);
        });
        Wait(secondCalling.WaitHandle, "the second AddHook starting");
        release.Set();
        Join(new[] { first, second }, "both AddHook calls");
        Console.WriteLine("first-hook-vetted-second=" + firstSawAddHooks.Any(h => h.EndsWith("." + nameof(SecondHook), StringComparison.Ordinal)).ToString(CultureInfo.InvariantCulture));
        return Report(errors);
    }

    // A hook reads a file through woven code whenever that file is opened: without the re-entrancy rule it would recurse
    // until the stack overflows. Its own reads reach no hook; every read outside a hook reaches all of them.
    private static int Reentrant(object files, string folder)
    {
        const int threads = 4;
        const int perThread = 250;
        var read = Bind<ReadAllText>(files, "ReadAllText");
        var probe = Path.Combine(folder, "probe.txt");
        File.WriteAllText(probe, "probe");
        int before = 0, hookRan = 0, innerOk = 0, after = 0, outerOk = 0;
        bool IsProbe(AuditEvent e) => e.Name == "file.open" && (string?)e.Arguments[0] == probe;
        Audit.AddHook(e => { if (IsProbe(e)) Interlocked.Increment(ref before); });
        Audit.AddHook(e =>
        {
            if (IsProbe(e))
            {
                Interlocked.Increment(ref hookRan);
                if (read(probe) == "probe")
                {
                    Interlocked.Increment(ref innerOk);
                }
            }
        });
        Audit.AddHook(e => { if (IsProbe(e)) Interlocked.Increment(ref after); });

        var errors = new ConcurrentQueue<Exception>();
        Join(Enumerable.Range(0, threads).Select(_ => Start(errors, () =>
        {
            for (var i = 0; i < perThread; i++)
            {
                if (read(probe) == "probe")
                {
                    Interlocked.Increment(ref outerOk);
                }
            }
        })).ToList(), "readers");

        Console.WriteLine("outer-reads=" + outerOk);
        Console.WriteLine("hook-ran=" + hookRan);
        Console.WriteLine("inner-reads=" + innerOk);
        Console.WriteLine("earlier-hook-saw=" + before);
        Console.WriteLine("later-hook-saw=" + after);
        return Report(errors);
    }

    // A hook throws on every seventh file.open of a burst from several threads: exactly those calls fail, with the hook's
    // own exception, before the file is created; the rest succeed, and the hook keeps running afterwards.
    private static int Throwing(object files, string folder)
    {
        const int threads = 4;
        const int perThread = 50;
        const int every = 7;
        var write = Bind<WriteAllText>(files, "WriteAllText");
        var burst = Path.Combine(folder, "burst") + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(burst);
        var thrownByHook = new ConcurrentDictionary<string, Exception>();
        var laterHookSaw = new ConcurrentDictionary<string, byte>();
        var seen = 0;
        Audit.AddHook(e =>
        {
            if (e.Name == "file.open" && e.Arguments[0] is string path && path.StartsWith(burst, StringComparison.Ordinal))
            {
                var n = Interlocked.Increment(ref seen);
                if (n % every == 0)
                {
                    var failure = new InvalidOperationException("hook failed on event " + n);
                    thrownByHook[path] = failure;
                    throw failure;
                }
            }
        });
        Audit.AddHook(e =>
        {
            if (e.Name == "file.open" && e.Arguments[0] is string path && path.StartsWith(burst, StringComparison.Ordinal))
            {
                laterHookSaw[path] = 0;
            }
        });

        var failedCalls = new ConcurrentDictionary<string, Exception>();
        var errors = new ConcurrentQueue<Exception>();
        Join(Enumerable.Range(0, threads).Select(t => Start(errors, () =>
        {
            for (var i = 0; i < perThread; i++)
            {
                var path = burst + t.ToString(CultureInfo.InvariantCulture) + "-" + i.ToString(CultureInfo.InvariantCulture) + ".txt";
                try
                {
                    write(path, "written");
                }
                catch (InvalidOperationException exception)
                {
                    failedCalls[path] = exception;
                }
            }
        })).ToList(), "writers");

        var all = Enumerable.Range(0, threads).SelectMany(t => Enumerable.Range(0, perThread).Select(i => burst + t.ToString(CultureInfo.InvariantCulture) + "-" + i.ToString(CultureInfo.InvariantCulture) + ".txt")).ToList();
        var succeeded = all.Where(p => !failedCalls.ContainsKey(p)).ToList();
        Console.WriteLine("calls=" + all.Count);
        Console.WriteLine("failed=" + failedCalls.Count);
        Console.WriteLine("failed-are-those-the-hook-threw=" + failedCalls.Keys.OrderBy(p => p, StringComparer.Ordinal).SequenceEqual(thrownByHook.Keys.OrderBy(p => p, StringComparer.Ordinal)).ToString(CultureInfo.InvariantCulture));
        Console.WriteLine("same-exception-objects=" + failedCalls.All(f => thrownByHook.TryGetValue(f.Key, out var thrown) && ReferenceEquals(thrown, f.Value)).ToString(CultureInfo.InvariantCulture));
        Console.WriteLine("failed-files-created=" + failedCalls.Keys.Count(File.Exists));
        Console.WriteLine("succeeded-files-written=" + succeeded.Count(p => File.Exists(p) && File.ReadAllText(p) == "written"));
        Console.WriteLine("later-hook-saw-failed=" + failedCalls.Keys.Count(laterHookSaw.ContainsKey));
        Console.WriteLine("later-hook-saw-succeeded=" + succeeded.Count(laterHookSaw.ContainsKey));

        var afterwards = burst + "afterwards.txt";
        write(afterwards, "written");
        Console.WriteLine("afterwards-dispatched=" + (Volatile.Read(ref seen) == all.Count + 1 && laterHookSaw.ContainsKey(afterwards)).ToString(CultureInfo.InvariantCulture));
        return Report(errors);
    }

    // Consumers call user code while they handle an event: a capture's deny predicate, an EventListener's callback.
    // Audited work done there must still reach the hooks (else a capture would be a way to switch auditing off).
    private static int ConsumerCallbacks(object files, string folder)
    {
        var exists = Bind<Exists>(files, "Exists");
        var fromPredicate = Path.Combine(folder, "from-predicate");
        var fromListener = Path.Combine(folder, "from-listener");
        var recursive = Path.Combine(folder, "recursive");
        var hookSaw = new ConcurrentQueue<string>();
        Audit.AddHook(e =>
        {
            if (e.Name == "file.stat")
            {
                hookSaw.Enqueue((string)e.Arguments[0]!);
            }
        });

        using (Audit.Capture(e =>
        {
            if (e.Name == "test.predicate")
            {
                exists(fromPredicate);
            }

            return false;
        }))
        {
            Audit.Raise("test.predicate");
        }

        Console.WriteLine("hook-saw-predicate-work=" + hookSaw.Contains(fromPredicate).ToString(CultureInfo.InvariantCulture));

        // A predicate that does audited work on every event it sees: the nested event must not come back to it.
        var predicateCalls = 0;
        using (Audit.Capture(e =>
        {
            if (e.Name == "file.stat" && (string?)e.Arguments[0] == recursive)
            {
                Interlocked.Increment(ref predicateCalls);
                exists(recursive);
            }

            return false;
        }))
        {
            exists(recursive);
        }

        Console.WriteLine("recursive-predicate-calls=" + predicateCalls);
        Console.WriteLine("hook-saw-recursive=" + hookSaw.Count(p => p == recursive));

        using (new ProbingListener(() => exists(fromListener)))
        {
            Audit.Raise("test.listener");
        }

        Console.WriteLine("hook-saw-listener-work=" + hookSaw.Contains(fromListener).ToString(CultureInfo.InvariantCulture));
        return 0;
    }

    private static T Bind<T>(object target, string method)
        where T : Delegate => (T)Delegate.CreateDelegate(typeof(T), target, method);

    private static Thread Start(ConcurrentQueue<Exception> errors, Action work)
    {
        var thread = new Thread(() =>
        {
            try
            {
                work();
            }
            catch (Exception exception) when (exception is not TimeoutException)
            {
                errors.Enqueue(exception);
            }
        })
        { IsBackground = true };
        thread.Start();
        return thread;
    }

    private static void Wait(WaitHandle handle, string what)
    {
        if (!handle.WaitOne(s_watchdog))
        {
            throw new TimeoutException(what);
        }
    }

    private static void Join(IEnumerable<Thread> threads, string what)
    {
        foreach (var thread in threads)
        {
            if (!thread.Join(s_watchdog))
            {
                throw new TimeoutException(what);
            }
        }
    }

    private static int Report(ConcurrentQueue<Exception> errors)
    {
        Console.WriteLine("errors=" + errors.Count);
        foreach (var error in errors.Take(3))
        {
            Console.WriteLine("error: " + error);
        }

        return 0;
    }

    private static void SecondHook(AuditEvent auditEvent)
    {
    }

    // Does audited work when the AuditWeaver EventSource writes the event named test.listener.
    private sealed class ProbingListener : EventListener
    {
        private readonly Action _work;

        internal ProbingListener(Action work)
        {
            _work = work;
            foreach (var source in EventSource.GetSources().Where(s => s.Name == "AuditWeaver"))
            {
                EnableEvents(source, EventLevel.Informational);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.Payload is { Count: > 0 } payload && payload[0] as string == "test.listener")
            {
                _work();
            }
        }
    }
}
