using System.Collections.Generic;
using System.Linq;
using AuditWeaver.Weaving;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// The type the engine adds to every module it weaves, <c>&lt;AuditWeaver&gt;Sites</c>. Its presence marks the module as
/// woven (a second run is a no-op). When the module has audited call sites it also holds the module's
/// <c>SiteTable</c>, created by a static constructor on first use: the type is not beforefieldinit, so the table is
/// built when the first event is raised, never on the quiet path.
/// </summary>
internal sealed class SiteTableBuilder
{
    internal const string TypeName = "<AuditWeaver>Sites";

    private readonly ModuleDefinition _module;
    private readonly RuntimeReferences _runtime;
    private readonly List<SiteRecord> _records = new();
    private TypeDefinition? _type;
    private FieldDefinition? _table;

    internal SiteTableBuilder(ModuleDefinition module, RuntimeReferences runtime)
    {
        _module = module;
        _runtime = runtime;
    }

    internal static bool IsWoven(ModuleDefinition module) => module.Types.Any(IsSitesType);

    internal static bool IsSitesType(TypeDefinition type) => type.Namespace.Length == 0 && type.Name == TypeName;

    /// <summary>The generated type itself (thunks for method groups live there too).</summary>
    internal TypeDefinition Type => MarkerType();

    /// <summary>The static field woven call sites load the table from.</summary>
    internal FieldReference Table => _table ??= CreateTableField();

    internal int Add(SiteRecord record)
    {
        _records.Add(record);
        return _records.Count - 1;
    }

    /// <summary>Records which arguments site <paramref name="id"/> passes unboxed (see <c>ScalarKinds</c>).</summary>
    internal void SetScalars(int id, string kinds) => _records[id] = _records[id].WithScalars(kinds);

    /// <summary>Adds the marker type, and the table's static constructor when there are sites.</summary>
    internal void Complete()
    {
        var type = MarkerType();
        if (_table == null)
        {
            return;
        }

        // static <AuditWeaver>Sites() { Table = new SiteTable("<encoded sites>"); }
        var constructor = ModuleAdditions.StaticConstructor(_module);
        var il = constructor.Body.GetILProcessor();
        il.Emit(OpCodes.Ldstr, SiteTableFormat.Encode(_records));
        il.Emit(OpCodes.Newobj, _runtime.SiteTableConstructor);
        il.Emit(OpCodes.Stsfld, _table);
        il.Emit(OpCodes.Ret);
        type.Methods.Add(constructor);
    }

    private FieldDefinition CreateTableField()
    {
        var field = new FieldDefinition("Table", FieldAttributes.Assembly | FieldAttributes.Static | FieldAttributes.InitOnly, _runtime.SiteTable);
        MarkerType().Fields.Add(field);
        return field;
    }

    private TypeDefinition MarkerType()
    {
        if (_type != null)
        {
            return _type;
        }

        // Abstract sealed is how C# spells a static class; no BeforeFieldInit, so the table is built lazily.
        _type = new TypeDefinition(
            string.Empty,
            TypeName,
            TypeAttributes.NotPublic | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class,
            _module.TypeSystem.Object);
        _type.CustomAttributes.Add(ModuleAdditions.CoreLibraryAttribute(_module, "System.Runtime.CompilerServices", "CompilerGeneratedAttribute"));
        _module.Types.Add(_type);
        return _type;
    }
}
