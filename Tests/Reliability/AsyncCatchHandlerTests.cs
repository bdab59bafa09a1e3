using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Runtime.Loader;
using System.Threading.Tasks;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Reliability;

/// <summary>
/// The catch handler an async method's stepping information names, read from the PDB as raw IL offsets before and after
/// weaving (the first field of AsyncMethodSteppingInformation: the handler's offset + 1, or 0 for none). Roslyn names
/// one only for async void (DebugLibrary's Callbacks.Notify), where it is the start of the compiler's catch-all handler:
/// woven, it is still the start of that handler, which the inserted code moved. Async Task methods (Steps.ReadBothAsync)
/// name none, woven or not; Cecil alone would write IL offset 0 for them. The woven async void method runs and audits.
/// </summary>
public class AsyncCatchHandlerTests : TempFixture
{
    [TestCase("engine")]
    [TestCase("tool")]
    public void AsyncVoidKeepsItsCatchHandlerAndAsyncTaskStillNamesNone(string front)
    {
        var input = DebugLibraryWeaves.CopyInput("portable", Temp.File("in"));
        var woven = front == "engine" ? DebugLibraryWeaves.WithEngine(input, Temp.File("out")) : DebugLibraryWeaves.WithTool(input, Temp.File("out"));
        Dictionary<string, StateMachine> before, after;
        using (var original = DebugImage.Open(input))
        using (var image = DebugImage.Open(woven))
        {
            before = StateMachines(original);
            after = StateMachines(image);
        }

        Assert.That(before.Keys, Is.EquivalentTo(new[] { "<Notify>d__0", "<ReadBothAsync>d__3" }));
        Assert.That(after.Keys, Is.EquivalentTo(before.Keys));
        var (notifyBefore, notifyAfter) = (before["<Notify>d__0"], after["<Notify>d__0"]);
        var (readBefore, readAfter) = (before["<ReadBothAsync>d__3"], after["<ReadBothAsync>d__3"]);
        Assert.Multiple(() =>
        {
            Assert.That(notifyBefore.Recorded, Is.EqualTo(notifyBefore.CatchAllStart + 1), "Roslyn names the catch-all handler of async void");
            Assert.That(notifyAfter.CatchAllStart, Is.GreaterThan(notifyBefore.CatchAllStart), "weaving inserted code in front of the handler");
            Assert.That(notifyAfter.Recorded, Is.EqualTo(notifyAfter.CatchAllStart + 1), "the woven PDB names the same handler at its new offset");
            Assert.That(readBefore.Recorded, Is.EqualTo(0), "Roslyn names no catch handler for async Task");
            Assert.That(readAfter.BodySize, Is.GreaterThan(readBefore.BodySize), "the async Task method was woven");
            Assert.That(readAfter.Recorded, Is.EqualTo(0), "the woven PDB still names none");
        });
        TestContext.Out.WriteLine(front + ": Notify catch handler IL_" + notifyBefore.CatchAllStart.ToString("x4") + " -> IL_" + notifyAfter.CatchAllStart.ToString("x4")
            + ", ReadBothAsync none (" + readBefore.BodySize + " -> " + readAfter.BodySize + " IL bytes)");

        RunNotify(woven);
    }

    private static void RunNotify(string woven)
    {
        var context = new AssemblyLoadContext("asynccatch-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        try
        {
            var callbacks = Activator.CreateInstance(context.LoadFromAssemblyPath(woven).GetType("DebugLibrary.Callbacks", throwOnError: true)!)!;
            using var data = new TempDirectory();
            var path = data.File("present.txt");
            File.WriteAllText(path, "x");
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var recorder = AuditRecorder.Start();
            callbacks.GetType().GetMethod("Notify")!.Invoke(callbacks, new object[] { path, done });
            Assert.That(done.Task.GetAwaiter().GetResult(), Is.True);
            var stats = recorder.Named("file.stat");
            Assert.That(stats.Select(e => e.Arguments[0]), Is.EqualTo(new[] { path, path }), "both File.Exists calls, before and after the await, are audited");
            Assert.That(stats.Select(e => e.Line), Is.All.Not.Null);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Every async MoveNext by its state machine's name: the recorded catch-handler field, the start of the
    /// outermost catch handler (the compiler's catch-all, whose try covers the whole body) and the body's size.</summary>
    private static Dictionary<string, StateMachine> StateMachines(DebugImage image)
    {
        var pdb = image.Pdb!;
        var result = new Dictionary<string, StateMachine>();
        foreach (var information in pdb.CustomDebugInformation.Select(pdb.GetCustomDebugInformation).Where(i => pdb.GetGuid(i.Kind) == DebugInfoComparison.AsyncSteppingKind))
        {
            var method = (MethodDefinitionHandle)information.Parent;
            var body = image.Body(method);
            var catchAll = body.ExceptionRegions.Where(r => r.Kind == ExceptionRegionKind.Catch).OrderBy(r => r.TryOffset).ThenByDescending(r => r.TryLength).First();
            var type = image.Metadata.GetTypeDefinition(image.Metadata.GetMethodDefinition(method).GetDeclaringType());
            result.Add(image.Metadata.GetString(type.Name), new StateMachine(pdb.GetBlobReader(information.Value).ReadUInt32(), catchAll.HandlerOffset, body.Size));
        }

        return result;
    }

    private sealed record StateMachine(uint Recorded, int CatchAllStart, int BodySize);
}
