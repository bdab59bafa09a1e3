using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using AuditWeaver.Catalog;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Catalog;

/// <summary>
/// Every catalog entry, not only the ones the scenarios call, weaves into IL the JIT accepts: a module with one call to
/// each cataloged member is generated, woven, loaded and every method JIT-compiled (never run).
/// </summary>
public class CatalogWeavingTests
{
    [Test]
    public void EveryCatalogEntryWeavesIntoValidIL()
    {
        var entries = AuditCatalog.BuiltIn.Entries.ToList();
        var (result, image) = CatalogCallsModule.Weave(entries);
        Assert.That(result.Sites.Select(s => s.Api), Is.EquivalentTo(entries.Where(e => e.Event != null).Select(e => e.MemberId)), "every entry with an event is an audited site; clause-only entries guard without raising");

        var context = new AssemblyLoadContext("catalog-calls", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(new MemoryStream(image));
            var failures = new List<string>();
            foreach (var method in assembly.GetType(CatalogCallsModule.TypeName)!.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                try
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
                }
                catch (Exception exception) when (exception is InvalidProgramException or MissingMethodException or TypeLoadException or BadImageFormatException)
                {
                    failures.Add(method.Name + ": " + exception.GetType().Name + ": " + exception.Message);
                }
            }

            Assert.That(failures, Is.Empty);
        }
        finally
        {
            context.Unload();
        }
    }
}
