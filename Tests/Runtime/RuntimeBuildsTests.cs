using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.Loader;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Runtime;

/// <summary>
/// Woven code binds to the runtime by name, so the same woven assembly must behave identically against the
/// netstandard2.0 build and the net8.0 build of AuditWeaver.dll.
/// </summary>
public class RuntimeBuildsTests
{
    [Test]
    public void AWovenAssemblyRunsAgainstBothRuntimeBuildsWithTheSameEvents()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("x.txt", "x");
        var target = temp.File("y.txt");

        var fromNet8 = Run(typeof(AuditWeaver.Audit).Assembly.Location, path, target);
        File.Delete(target);
        var fromNetStandard = Run(Paths.RuntimeNetStandard, path, target);

        Assert.That(fromNet8, Has.Count.EqualTo(3), string.Join("\n", fromNet8));
        Assert.That(fromNetStandard, Is.EqualTo(fromNet8));
        Assert.That(fromNetStandard[0], Does.StartWith("file.open(path: \"" + path + "\""));
    }

    [Test]
    public void BothBuildsHaveTheIdentityTheWeaverReferences()
    {
        foreach (var path in new[] { typeof(AuditWeaver.Audit).Assembly.Location, Paths.RuntimeNetStandard })
        {
            var name = AssemblyName.GetAssemblyName(path);
            Assert.That(name.Name, Is.EqualTo(AuditWeaver.Fody.Engine.RuntimeReferences.AssemblyName));
            Assert.That(name.Version, Is.EqualTo(AuditWeaver.Fody.Engine.RuntimeReferences.AssemblyVersion));
            Assert.That(name.GetPublicKeyToken(), Is.EqualTo(AuditWeaver.Fody.Engine.RuntimeReferences.PublicKeyToken));
        }
    }

    // Loads the runtime build and the woven assembly into a fresh load context, adds a hook there and runs scenarios.
    private static List<string> Run(string runtimePath, string path, string target)
    {
        var context = new IsolatedContext(runtimePath);
        try
        {
            var runtime = context.LoadFromAssemblyPath(runtimePath);
            var woven = context.LoadFromAssemblyPath(Woven.AssemblyPath);
            var events = new List<string>();
            var auditEvent = runtime.GetType("AuditWeaver.AuditEvent", throwOnError: true)!;
            var parameter = Expression.Parameter(auditEvent);
            var record = Expression.Call(Expression.Constant(events), typeof(List<string>).GetMethod("Add")!, Expression.Call(parameter, "ToString", Type.EmptyTypes));
            var hook = Expression.Lambda(typeof(Action<>).MakeGenericType(auditEvent), record, parameter).Compile();
            runtime.GetType("AuditWeaver.Audit", throwOnError: true)!.GetMethod("AddHook")!.Invoke(null, new object[] { hook });

            var files = Scenarios.Create(woven, "FileScenarios");
            files.GetType().GetMethod("ReadAllText")!.Invoke(files, new object[] { path });
            files.GetType().GetMethod("Copy")!.Invoke(files, new object[] { path, target });
            files.GetType().GetMethod("WriteAllTextFromSpan")!.Invoke(files, new object[] { target, "span" });
            Assert.That(woven.GetReferencedAssemblies().Single(a => a.Name == "AuditWeaver").Version, Is.EqualTo(new Version(1, 0, 0, 0)));
            Assert.That(context.Assemblies.Single(a => a.GetName().Name == "AuditWeaver").Location, Is.EqualTo(runtimePath));
            return events;
        }
        finally
        {
            context.Unload();
        }
    }

    private sealed class IsolatedContext : AssemblyLoadContext
    {
        private readonly string _runtimePath;

        internal IsolatedContext(string runtimePath)
            : base("runtime-" + Path.GetFileName(Path.GetDirectoryName(runtimePath)), isCollectible: true)
        {
            _runtimePath = runtimePath;
        }

        protected override Assembly? Load(AssemblyName assemblyName) =>
            assemblyName.Name == "AuditWeaver" ? LoadFromAssemblyPath(_runtimePath) : null;
    }
}
