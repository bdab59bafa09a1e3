using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using AuditWeaver.Catalog;
using AuditWeaver.Weaving;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Catalog;

/// <summary>
/// The argument functions are named in four places that different builds need: the runtime's methods
/// (ArgumentFunctions, which woven code calls), the catalog parser's list with arities (CatalogFunctions, compiled into
/// the weaver, which has no runtime to reflect on), the run-time interpreter's table (FunctionTable, which avoids
/// reflection) and the catalog's header comment (for its authors). This is the one check that holds them together:
/// adding a function anywhere fails here until it is added everywhere.
/// </summary>
public class ArgumentFunctionListTests
{
    private static readonly object?[] s_probes =
    {
        // Paths under the machine's temp folder (never opened: the functions only describe them).
        null, "Append", Path.Combine(Path.GetTempPath(), "a b.txt"), 7, true, new[] { "x", "y z" }, new IPEndPoint(IPAddress.Loopback, 8080),
        new FileInfo(Path.Combine(Path.GetTempPath(), "f.txt")), new Uri("http://example.com:81/p"),
    };

    private static IReadOnlyDictionary<string, int> Arity => CatalogFunctions.Arity;

    [Test]
    public void TheRuntimesMethodsAreTheParsersList()
    {
        var runtime = typeof(ArgumentFunctions).GetMethods(BindingFlags.Public | BindingFlags.Static);
        Assert.That(runtime.Select(m => m.Name).Order(), Is.EqualTo(Arity.Keys.Select(CatalogFunctions.MethodName).Order()));
        foreach (var method in runtime)
        {
            var arity = Arity.Single(f => CatalogFunctions.MethodName(f.Key) == method.Name).Value;
            Assert.That(method.GetParameters().Select(p => p.ParameterType), Is.EqualTo(Enumerable.Repeat(typeof(object), arity)), method.Name);
            Assert.That(method.ReturnType, Is.EqualTo(typeof(object)), method.Name);
        }
    }

    /// <summary>Each entry of the interpreter's table computes what the runtime method of its name computes.</summary>
    [Test]
    public void TheInterpretersTableCallsTheMethodOfEachName()
    {
        var table = (IReadOnlyDictionary<string, Func<object?[], object?>>)typeof(ArgumentFunctions).Assembly
            .GetType("AuditWeaver.Routes.FunctionTable", throwOnError: true)!
            .GetField("Functions", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        Assert.That(table.Keys.Order(), Is.EqualTo(Arity.Keys.Order()));

        foreach (var (name, arity) in Arity)
        {
            var method = typeof(ArgumentFunctions).GetMethod(CatalogFunctions.MethodName(name))!;
            foreach (var arguments in Probes(arity))
            {
                Assert.That(table[name](arguments), Is.EqualTo(method.Invoke(null, arguments)), name + "(" + string.Join(", ", arguments) + ")");
            }
        }
    }

    [Test]
    public void TheCatalogsHeaderNamesEveryFunction()
    {
        var header = File.ReadAllText(Path.Combine(Paths.RepositoryRoot, "AuditWeaver", "Catalog", "audit-catalog.txt"));
        var start = header.IndexOf("(AuditWeaver.Weaving.ArgumentFunctions):", StringComparison.Ordinal);
        var end = header.IndexOf(", and array(...)", start, StringComparison.Ordinal);
        Assert.That(start >= 0 && end > start, Is.True, "the header introduces the list as before");
        var names = Regex.Matches(header[(start + "(AuditWeaver.Weaving.ArgumentFunctions):".Length)..end], "[a-z]+").Select(m => m.Value).ToList();
        Assert.That(names.Order(), Is.EqualTo(Arity.Keys.Order()), "the header comment of audit-catalog.txt lists the argument functions");
    }

    private static IEnumerable<object?[]> Probes(int arity) =>
        arity == 0
            ? new[] { Array.Empty<object?>() }
            : Probes(arity - 1).SelectMany(rest => s_probes.Select(first => rest.Prepend(first).ToArray()));
}
