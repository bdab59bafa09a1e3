using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AuditWeaver.Catalog;
using AuditWeaver.Fody.Engine;
using Mono.Cecil.Rocks;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Catalog;

/// <summary>
/// The catalog is read two ways: the weaver matches IL references by documentation-comment ID, and the runtime matches
/// members reached by reflection by an ID it computes from the MethodBase. Both must find every entry; and a call
/// through a base declaration must be audited whenever it can land on an audited override.
/// </summary>
public class CatalogConsistencyTests
{
    [Test]
    public void TheRuntimeComputesTheSameIdForEveryCatalogedMemberItCanReach()
    {
        var runtimeId = typeof(AuditWeaver.Audit).Assembly.GetType("AuditWeaver.Routes.RuntimeDocumentationId", throwOnError: true)!
            .GetMethod("For", BindingFlags.NonPublic | BindingFlags.Static)!;
        var missing = new List<string>();
        var checkedMembers = 0;
        foreach (var group in AuditCatalog.BuiltIn.Entries.GroupBy(e => ReferencePack.Methods[e.MemberId].DeclaringType))
        {
            var type = Type.GetType(group.Key.FullName.Replace('/', '+') + ", " + group.Key.Module.Assembly.Name.Name);
            if (type == null)
            {
                missing.Add(group.Key.FullName + ": type not found at run time");
                continue;
            }

            var members = type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .OfType<MethodBase>()
                .Select(m => (string)runtimeId.Invoke(null, new object[] { m })!)
                .ToHashSet(StringComparer.Ordinal);
            foreach (var entry in group)
            {
                checkedMembers++;
                if (members.Contains(entry.MemberId))
                {
                    continue;
                }

                // A member the reference assembly declares but the implementation inherits (TypeBuilder.InvokeMember is
                // Type's at run time): reflection hands out the inherited member, which must be cataloged itself.
                var name = ReferencePack.Methods[entry.MemberId].Name;
                var inherited = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
                    .Where(m => m.Name == name && m.DeclaringType != type)
                    .Select(m => (string)runtimeId.Invoke(null, new object[] { m })!);
                if (!inherited.Any(id => AuditCatalog.BuiltIn.TryGetEntry(id, out _)))
                {
                    missing.Add(entry.MemberId);
                }
            }
        }

        Assert.That(missing, Is.Empty, "cataloged members the runtime would not recognise when reached by reflection");
        Assert.That(checkedMembers, Is.EqualTo(AuditCatalog.BuiltIn.Entries.Count()));
    }

    [Test]
    public void EveryAuditedOverrideIsAuditedThroughItsBaseDeclarationToo()
    {
        var catalog = AuditCatalog.BuiltIn;
        var unaudited = new List<string>();
        foreach (var entry in catalog.Entries.Where(e => e.Event != null))
        {
            var method = ReferencePack.Methods[entry.MemberId];
            if (!method.IsVirtual || method.IsNewSlot)
            {
                continue;
            }

            // The declaration the compiler names for a call through the base type.
            var root = method.GetOriginalBaseMethod();
            if (root == method || !(root.IsPublic || root.IsFamily || root.IsFamilyOrAssembly))
            {
                continue;
            }

            var rootId = DocumentationId.ForMethod(root);
            if (!catalog.TryGetEntry(rootId, out var rootEntry) || rootEntry.Event == null)
            {
                unaudited.Add(rootId + " (overridden by " + entry.MemberId + ", excluded as: " + catalog.FindExclusion(rootId)?.Reason + ")");
            }
        }

        Assert.That(unaudited, Is.Empty, "a call through these base declarations can land on an audited override without raising its event");
    }

    [Test]
    public void NoAuditedMemberIsReachableThroughAnUnauditedInterfaceMethod()
    {
        var catalog = AuditCatalog.BuiltIn;
        var unaudited = new List<string>();
        foreach (var entry in catalog.Entries.Where(e => e.Event != null))
        {
            var method = ReferencePack.Methods[entry.MemberId];
            if (method.IsStatic || method.IsConstructor)
            {
                continue;
            }

            // An interface method of the declaring type with the same name and parameters is what a call through the
            // interface names in IL.
            foreach (var implemented in method.DeclaringType.Interfaces.Select(i => i.InterfaceType.Resolve()).Where(i => i != null))
            {
                var parameters = Parameters(entry.MemberId);
                foreach (var candidate in implemented!.Methods.Where(m => m.Name == method.Name && Parameters(DocumentationId.ForMethod(m)) == parameters))
                {
                    var id = DocumentationId.ForMethod(candidate);
                    if (!catalog.TryGetEntry(id, out var interfaceEntry) || interfaceEntry.Event == null)
                    {
                        unaudited.Add(id + " (implemented by " + entry.MemberId + ")");
                    }
                }
            }
        }

        Assert.That(unaudited, Is.Empty, "a call through these interface methods can reach an audited member without raising its event");
    }

    private static string Parameters(string memberId) => memberId.IndexOf('(') < 0 ? string.Empty : memberId.Substring(memberId.IndexOf('('));
}
