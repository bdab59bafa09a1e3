using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using AuditWeaver;
using AuditWeaver.Catalog;
using AuditWeaver.Fody.Engine;
using Mono.Cecil;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Compatibility;

/// <summary>
/// An application keeps the assemblies a library's author wove with an older AuditWeaver while it updates the runtime.
/// So every committed <see cref="WovenFixture"/> must bind to and run against the runtime built now. This is the one
/// check that covers the whole contract: member signatures (which PublicAPI.Shipped.txt also guards), the assembly
/// identity, and the site-table format the weaver encoded, which no signature shows.
/// </summary>
public class OlderWovenAssemblyTests
{
    private static IEnumerable<string> Versions => WovenFixture.Versions;

    [TestCaseSource(nameof(Versions))]
    public void EveryCallSiteRaisesTheEventItWasWovenForBeforeItsCallRuns(string version)
    {
        var fixture = WovenFixture.Of(version);
        var context = new AssemblyLoadContext("woven-" + fixture.Version, isCollectible: true);
        try
        {
            // The runtime resolves from the default context: the one these tests were built with.
            var calls = context.LoadFromAssemblyPath(fixture.AssemblyPath).GetType(CatalogCallsModule.TypeName, throwOnError: true)!;
            var failures = new List<string>();
            var sites = fixture.Sites;

            // Every event is refused, so each call site stops before the API runs (default arguments reach no API).
            using var recorder = AuditRecorder.Start(_ => true);
            foreach (var (name, expected) in sites.Where(s => s.Value.Event != WovenFixture.NoEvent))
            {
                var before = recorder.Events.Count;
                try
                {
                    calls.GetMethod(name)!.Invoke(null, null);
                    failures.Add(name + ": returned without being denied");
                }
                catch (TargetInvocationException exception) when (exception.InnerException is AuditDeniedException denied)
                {
                    var raised = recorder.Events.Skip(before).ToList();
                    if (raised.Count != 1 || denied.Event != raised[0] || raised[0].Name != expected.Event || raised[0].Api != expected.Api)
                    {
                        failures.Add(name + ": expected " + expected.Event + " for " + expected.Api + ", raised " + string.Join(" | ", raised));
                    }
                }
                catch (TargetInvocationException exception)
                {
                    failures.Add(name + ": " + exception.InnerException);
                }
            }

            Assert.That(sites, Has.Count.EqualTo(calls.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly).Length));
            Assert.That(failures, Is.Empty);
        }
        finally
        {
            context.Unload();
        }
    }

    [TestCaseSource(nameof(Versions))]
    public void EveryRuntimeMemberItCallsExistsWithTheSameSignatureInBothRuntimeBuilds(string version)
    {
        var fixture = WovenFixture.Of(version);
        foreach (var runtimePath in new[] { typeof(Audit).Assembly.Location, Paths.RuntimeNetStandard })
        {
            using var runtime = ModuleDefinition.ReadModule(runtimePath);
            using var woven = ModuleDefinition.ReadModule(fixture.AssemblyPath, new ReaderParameters { AssemblyResolver = new SingleAssemblyResolver(runtime.Assembly) });
            var reference = woven.AssemblyReferences.Single(r => r.Name == runtime.Assembly.Name.Name);
            Assert.That(reference.FullName, Is.EqualTo(runtime.Assembly.Name.FullName), runtimePath);

            var members = RuntimeMembers(woven).ToList();
            var missing = members.Where(m => m.Resolve() == null).Select(m => m.FullName);
            Assert.That(missing, Is.Empty, runtimePath);
        }
    }

    [Test]
    public void EveryRuntimeMemberTheWeaverCallsNowIsFrozenByAFixture()
    {
        var frozen = WovenFixture.All
            .SelectMany(f =>
            {
                using var woven = ModuleDefinition.ReadModule(f.AssemblyPath);
                return RuntimeMembers(woven).Select(m => m.FullName).ToList();
            })
            .ToHashSet(StringComparer.Ordinal);

        // A module's member-reference table exists only once it is written: read the woven module back.
        var (_, image) = CatalogCallsModule.Weave(AuditCatalog.BuiltIn.Entries.ToList());
        using var current = ModuleDefinition.ReadModule(new MemoryStream(image));
        Assert.That(RuntimeMembers(current).Select(m => m.Name), Does.Contain("get_IsEnabled"), "the check sees the members woven code calls");

        // A member here is one woven assemblies will depend on from now on. Once the weaver that calls it is released,
        // freeze its output: dotnet Tests/bin/Debug/net10.0/Tests.dll write-compatibility-fixture Tests/Compatibility/Woven/VERSION
        Assert.That(RuntimeMembers(current).Select(m => m.FullName).Distinct().Where(m => !frozen.Contains(m)), Is.Empty);
    }

    // The members of AuditWeaver.dll that a woven module references.
    private static IEnumerable<MemberReference> RuntimeMembers(ModuleDefinition woven) =>
        woven.GetMemberReferences().Where(m => m.DeclaringType.Scope is AssemblyNameReference scope && scope.Name == RuntimeReferences.AssemblyName);

    // Resolves the runtime's name to one given build, and nothing else: framework types in signatures are compared by
    // name, never loaded.
    private sealed class SingleAssemblyResolver : IAssemblyResolver
    {
        private readonly AssemblyDefinition _assembly;

        internal SingleAssemblyResolver(AssemblyDefinition assembly)
        {
            _assembly = assembly;
        }

        public AssemblyDefinition? Resolve(AssemblyNameReference name) => name.Name == _assembly.Name.Name ? _assembly : null;

        public AssemblyDefinition? Resolve(AssemblyNameReference name, ReaderParameters parameters) => Resolve(name);

        public void Dispose()
        {
        }
    }
}
