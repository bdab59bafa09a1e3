using AuditWeaver.Catalog;
using AuditWeaver.Fody.Engine;
using Mono.Cecil;
using NUnit.Framework;

namespace Tests.Weaving;

/// <summary>
/// The weaver's first, name-only test of a call's target must never reject a cataloged member: a false negative would
/// leave a call site unaudited without any error. The built-in entries are covered by CatalogWeavingTests; these are
/// the ID shapes a custom catalog can add.
/// </summary>
public class CalleeFilterTests
{
    private static readonly AuditCatalog s_catalog = AuditCatalog.Parse(
        """
        event file.open(path) : test
        M:System.IO.File.Exists(System.String) -> file.open($0)
        M:Contoso.Store.#ctor(System.String) -> file.open($0)
        M:Contoso.Store.Load``1(System.String) -> file.open($0)
        M:Contoso.Outer`1.Inner.Open(System.String) -> file.open($0)
        M:Contoso.Store.System#IDisposable#Dispose -> file.open(null)
        """,
        "test");

    private readonly ModuleDefinition _module = ModuleDefinition.CreateModule("Calls", ModuleKind.Dll);

    [OneTimeTearDown]
    public void Dispose() => _module.Dispose();

    [Test]
    public void PassesEveryShapeOfCatalogedMember()
    {
        var filter = CalleeFilter.For(s_catalog);
        var store = Type("Contoso", "Store");
        var inner = new TypeReference("", "Inner", _module, _module) { DeclaringType = Type("Contoso", "Outer`1") };
        var load = Method(store, "Load");
        load.GenericParameters.Add(new GenericParameter("T", load));

        Assert.Multiple(() =>
        {
            Assert.That(filter.MayMatch(Method(Type("System.IO", "File"), "Exists")), Is.True);
            Assert.That(filter.MayMatch(Method(store, ".ctor")), Is.True);
            Assert.That(filter.MayMatch(new GenericInstanceMethod(load) { GenericArguments = { _module.TypeSystem.Int32 } }), Is.True);
            Assert.That(filter.MayMatch(Method(inner, "Open")), Is.True);
            Assert.That(filter.MayMatch(Method(store, "System.IDisposable.Dispose")), Is.True);
        });
    }

    [Test]
    public void RejectsOtherMembersOfTheSameTypesAndNames()
    {
        var filter = CalleeFilter.For(s_catalog);

        Assert.Multiple(() =>
        {
            Assert.That(filter.MayMatch(Method(Type("System.IO", "File"), "Delete")), Is.False);
            Assert.That(filter.MayMatch(Method(Type("System.IO", "Directory"), "Exists")), Is.False);
            Assert.That(filter.MayMatch(Method(Type("Contoso", "Other"), ".ctor")), Is.False);
        });
    }

    private TypeReference Type(string ns, string name) => new(ns, name, _module, _module);

    private MethodReference Method(TypeReference declaringType, string name) =>
        new(name, _module.TypeSystem.Void, declaringType) { HasThis = true };
}
