using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using AuditWeaver;

namespace Tests.Infrastructure;

/// <summary>
/// Child process: which hooks let woven call sites refill one event object instead of allocating, and that the events
/// every hook and capture sees stay right either way. Hooks cannot be removed, so hooks that only read come first, each
/// followed by a measurement, and the hook named on the command line, which may keep its events, comes last.
/// </summary>
internal static class EventReuseScenario
{
    private static readonly List<string?> s_seen = new(4096);
    private static readonly List<AuditEvent> s_kept = new();
    private static readonly List<IReadOnlyList<object?>> s_views = new();
    private static int s_count;
    private static int s_mismatches;

    [ThreadStatic]
    private static string? t_expected;

    [ThreadStatic]
    private static int t_matches;

    internal static int Run(string wovenPath, string unwovenPath, string folder, string keeper)
    {
        var woven = Scenarios.Create(Scenarios.Load(wovenPath, "woven"), "FileScenarios");
        var unwoven = Scenarios.Create(Scenarios.Load(unwovenPath, "unwoven"), "FileScenarios");
        var missing = Path.Combine(folder, "missing.txt");

        // Each reads the event, the way a filter or a counter does, and keeps nothing of it but strings and numbers.
        Audit.AddHook(_ => s_count++);
        Report("no-op", woven, unwoven, missing);
        Audit.AddHook(Count);
        Audit.AddHook(e =>
        {
            // Only on the main thread: the threads of Threads have a hook of their own.
            if (e.Name == "file.stat" && t_expected == null)
            {
                s_seen.Add((string?)e.GetArgument("path"));
            }
        });
        Report("readers", woven, unwoven, missing);
        Audit.AddHook(e =>
        {
            if (e.Category == "process" && e.Line == -1 && e.Caller == "nobody")
            {
                throw new AuditDeniedException("never");
            }
        });
        Report("denying-filter", woven, unwoven, missing);

        // A switch: its jump table is an operand of variable length the IL reader must step over.
        Audit.AddHook(e =>
        {
            switch (e.Line ?? 0)
            {
                case 1: s_count += 3; break;
                case 2: s_count += 5; break;
                case 3: s_count += 7; break;
                case 4: s_count += 11; break;
                default: s_count++; break;
            }
        });
        Report("switch", woven, unwoven, missing);

        // Values from one event never leak into the next.
        s_seen.Clear();
        Exists(woven, Path.Combine(folder, "a.txt"));
        Exists(woven, Path.Combine(folder, "b.txt"));
        Console.WriteLine("seen=" + string.Join("|", s_seen));

        // A capture keeps what it records: while one is open its events are objects of their own.
        IReadOnlyList<AuditEvent> captured;
        using (var capture = Audit.Capture())
        {
            Exists(woven, Path.Combine(folder, "c.txt"));
            Exists(woven, Path.Combine(folder, "d.txt"));
            captured = capture.Events;
        }

        Exists(woven, Path.Combine(folder, "e.txt"));
        Console.WriteLine("captured=" + string.Join("|", Paths(captured)));
        Report("after-capture", woven, unwoven, missing);

        Threads(woven, unwoven, folder);

        Audit.AddHook(Keeper(keeper));
        Report("keeper", woven, unwoven, missing);
        s_kept.Clear();
        s_views.Clear();
        Exists(woven, Path.Combine(folder, "f.txt"));
        Exists(woven, Path.Combine(folder, "g.txt"));
        Console.WriteLine("kept=" + string.Join("|", Paths(s_kept)));
        Console.WriteLine("views=" + string.Join("|", s_views.ConvertAll(v => Path.GetFileName((string?)v[0]))));
        Console.WriteLine("count=" + s_count.ToString(CultureInfo.InvariantCulture));
        return 0;
    }

    // Four threads raise events at once, each with a path of its own, each through its own spare: a reading hook finds
    // every event carrying its thread's path. Once the threads have ended, their spares are garbage.
    private static void Threads(object woven, object unwoven, string folder)
    {
        Audit.AddHook(e =>
        {
            if (e.Name == "file.stat" && t_expected != null)
            {
                if ((string?)e.GetArgument("path") == t_expected)
                {
                    t_matches++;
                }
                else
                {
                    Interlocked.Increment(ref s_mismatches);
                }
            }
        });

        var handle = Type.GetType("AuditWeaver.Hooks.HookRegistry, AuditWeaver", throwOnError: true)!
            .GetField("t_spareHandle", BindingFlags.NonPublic | BindingFlags.Static)!;
        var spares = new WeakReference?[4];
        var matches = new int[4];
        var start = new Barrier(4);
        var threads = new Thread[4];
        for (var t = 0; t < threads.Length; t++)
        {
            var index = t;
            threads[t] = new Thread(() =>
            {
                t_expected = Path.Combine(folder, "thread" + index.ToString(CultureInfo.InvariantCulture) + ".txt");
                start.SignalAndWait();
                for (var i = 0; i < 2000; i++)
                {
                    Exists(woven, t_expected);
                }

                matches[index] = t_matches;
                var spare = (IntPtr)handle.GetValue(null)!;
                spares[index] = spare == IntPtr.Zero ? null : new WeakReference(GCHandle.FromIntPtr(spare).Target);
            });
            threads[t].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        // The hook above only reads its events, so they are still refilled, not allocated: the threads shared nothing.
        Report("threads", woven, unwoven, Path.Combine(folder, "missing.txt"));
        Console.WriteLine("thread-matches=" + string.Join("|", matches));
        Console.WriteLine("thread-mismatches=" + s_mismatches.ToString(CultureInfo.InvariantCulture));
        Console.WriteLine("thread-spares=" + spares.Count(spare => spare != null).ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Console.WriteLine("thread-spares-alive=" + spares.Count(spare => spare is { IsAlive: true }).ToString(CultureInfo.InvariantCulture));
    }

    private static void Count(AuditEvent auditEvent)
    {
        if (auditEvent.Name.Length > 0)
        {
            s_count++;
        }
    }

    // The last hook: one of the ways a hook can hold on to its event, or one more reader ("reader").
    private static Action<AuditEvent> Keeper(string name) => name switch
    {
        "reader" => e => s_count += e.Api?.Length ?? 0,
        "list" => s_kept.Add,
        "lambda-list" => e => s_kept.Add(e),
        "pass-on" => e => Forward(e),
        "arguments" => e => s_views.Add(e.Arguments),
        "closure" => e => Task.Run(() => s_kept.Add(e)).Wait(),
        "dynamic" => Dynamic(),
        _ => throw new ArgumentException("unknown keeper " + name),
    };

    // Does nothing with the event, but the hook passing it on cannot know that.
    private static void Forward(object value) => GC.KeepAlive(value);

    // A hook with no IL to read: a dynamic method that adds its event to s_kept.
    private static Action<AuditEvent> Dynamic()
    {
        var method = new DynamicMethod("Keep", null, new[] { typeof(AuditEvent) }, typeof(EventReuseScenario).Module);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldsfld, typeof(EventReuseScenario).GetField(nameof(s_kept), BindingFlags.NonPublic | BindingFlags.Static)!);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Callvirt, typeof(List<AuditEvent>).GetMethod("Add")!);
        il.Emit(OpCodes.Ret);
        return (Action<AuditEvent>)method.CreateDelegate(typeof(Action<AuditEvent>));
    }

    private static IEnumerable<string?> Paths(IEnumerable<AuditEvent> events)
    {
        foreach (var auditEvent in events)
        {
            if (auditEvent.Name == "file.stat")
            {
                yield return Path.GetFileName((string?)auditEvent.GetArgument("path"));
            }
        }
    }

    private static void Exists(object scenarios, string path) =>
        scenarios.GetType().GetMethod("Exists")!.Invoke(scenarios, new object[] { path });

    // Bytes one woven File.Exists allocates on this thread beyond the unwoven one, over 1,000 calls.
    private static void Report(string step, object woven, object unwoven, string missing)
    {
        var extra = ChildScenarios.Measure(woven, "Exists", new object[] { missing }) - ChildScenarios.Measure(unwoven, "Exists", new object[] { missing });
        Console.WriteLine(step + "-bytes=" + extra.ToString(CultureInfo.InvariantCulture));
    }
}
