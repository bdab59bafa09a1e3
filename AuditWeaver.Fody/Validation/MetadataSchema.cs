using System.Collections.Generic;

namespace AuditWeaver.Fody.Validation;

/// <summary>What one column of a metadata table holds (ECMA-335 II.22 and the portable PDB tables).</summary>
internal enum ColumnKind
{
    Fixed2,
    Fixed4,
    String,

    /// <summary>A string that must not be empty: the name of a type, member, module or assembly.</summary>
    Name,
    Guid,
    Blob,

    /// <summary>A row of one table, never nil.</summary>
    Row,

    /// <summary>A row of one table, or nil.</summary>
    OptionalRow,

    /// <summary>The first row of a run of rows (a type's fields, a method's parameters): up to one past the last row.</summary>
    List,

    /// <summary>A coded index (II.24.2.6), never nil.</summary>
    Coded,

    /// <summary>A coded index, or nil.</summary>
    OptionalCoded,
}

/// <summary>One column: its kind and, for a row, list or coded index, the table or coding it points into.</summary>
internal readonly struct Column
{
    internal Column(string name, ColumnKind kind, int target = -1)
    {
        Name = name;
        Kind = kind;
        Target = target;
    }

    internal string Name { get; }

    internal ColumnKind Kind { get; }

    /// <summary>The table (Row, OptionalRow, List) or the coding (Coded, OptionalCoded).</summary>
    internal int Target { get; }
}

/// <summary>
/// The tables' columns as data, in file order. The validator reads every cell of every row through this schema, so the
/// check is the same for all 53 tables: each index is within its heap or table, each coded index names a table it may.
/// </summary>
internal static class MetadataSchema
{
    internal const int TableCount = 0x38;

    // Coded indices: their tables in tag order (-1: a tag that is not used) and the bits the tag takes.
    internal static readonly int[][] Codings =
    {
        new[] { 0x02, 0x01, 0x1B },
        new[] { 0x04, 0x08, 0x17 },
        new[] { 0x06, 0x04, 0x01, 0x02, 0x08, 0x09, 0x0A, 0x00, 0x0E, 0x17, 0x14, 0x11, 0x1A, 0x1B, 0x20, 0x23, 0x26, 0x27, 0x28, 0x2A, 0x2C, 0x2B },
        new[] { 0x04, 0x08 },
        new[] { 0x02, 0x06, 0x20 },
        new[] { 0x02, 0x01, 0x1A, 0x06, 0x1B },
        new[] { 0x14, 0x17 },
        new[] { 0x06, 0x0A },
        new[] { 0x04, 0x06 },
        new[] { 0x26, 0x23, 0x27 },
        new[] { -1, -1, 0x06, 0x0A, -1 },
        new[] { 0x00, 0x1A, 0x23, 0x01 },
        new[] { 0x02, 0x06 },
        new[] { 0x06, 0x04, 0x01, 0x02, 0x08, 0x09, 0x0A, 0x00, 0x0E, 0x17, 0x14, 0x11, 0x1A, 0x1B, 0x20, 0x23, 0x26, 0x27, 0x28, 0x2A, 0x2C, 0x2B, 0x30, 0x32, 0x33, 0x34, 0x35 },
    };

    internal static readonly int[] CodingBits = { 2, 2, 5, 1, 2, 3, 1, 1, 1, 2, 3, 2, 1, 5 };

    internal static readonly string[] CodingNames =
    {
        "TypeDefOrRef", "HasConstant", "HasCustomAttribute", "HasFieldMarshal", "HasDeclSecurity", "MemberRefParent", "HasSemantics",
        "MethodDefOrRef", "MemberForwarded", "Implementation", "CustomAttributeType", "ResolutionScope", "TypeOrMethodDef", "HasCustomDebugInformation",
    };

    internal static readonly string[] TableNames = new string[TableCount];

    internal static readonly Column[]?[] Tables = new Column[TableCount][];

    private const int TypeDefOrRef = 0, HasConstant = 1, HasCustomAttribute = 2, HasFieldMarshal = 3, HasDeclSecurity = 4, MemberRefParent = 5,
        HasSemantics = 6, MethodDefOrRef = 7, MemberForwarded = 8, Implementation = 9, CustomAttributeType = 10, ResolutionScope = 11,
        TypeOrMethodDef = 12, HasCustomDebugInformation = 13;

    static MetadataSchema()
    {
        Table(0x00, "Module", F2("Generation"), N("Name"), G("Mvid"), G("EncId"), G("EncBaseId"));
        Table(0x01, "TypeRef", new Column("ResolutionScope", ColumnKind.OptionalCoded, ResolutionScope), N("TypeName"), S("TypeNamespace"));
        Table(0x02, "TypeDef", F4("Flags"), N("TypeName"), S("TypeNamespace"), new Column("Extends", ColumnKind.OptionalCoded, TypeDefOrRef), L("FieldList", 0x04), L("MethodList", 0x06));
        Table(0x03, "FieldPtr", R("Field", 0x04));
        Table(0x04, "Field", F2("Flags"), N("Name"), B("Signature"));
        Table(0x05, "MethodPtr", R("Method", 0x06));
        Table(0x06, "MethodDef", F4("RVA"), F2("ImplFlags"), F2("Flags"), N("Name"), B("Signature"), L("ParamList", 0x08));
        Table(0x07, "ParamPtr", R("Param", 0x08));
        Table(0x08, "Param", F2("Flags"), F2("Sequence"), S("Name"));
        Table(0x09, "InterfaceImpl", R("Class", 0x02), C("Interface", TypeDefOrRef));
        Table(0x0A, "MemberRef", C("Class", MemberRefParent), N("Name"), B("Signature"));
        Table(0x0B, "Constant", F2("Type"), C("Parent", HasConstant), B("Value"));
        Table(0x0C, "CustomAttribute", C("Parent", HasCustomAttribute), C("Type", CustomAttributeType), B("Value"));
        Table(0x0D, "FieldMarshal", C("Parent", HasFieldMarshal), B("NativeType"));
        Table(0x0E, "DeclSecurity", F2("Action"), C("Parent", HasDeclSecurity), B("PermissionSet"));
        Table(0x0F, "ClassLayout", F2("PackingSize"), F4("ClassSize"), R("Parent", 0x02));
        Table(0x10, "FieldLayout", F4("Offset"), R("Field", 0x04));
        Table(0x11, "StandAloneSig", B("Signature"));
        Table(0x12, "EventMap", R("Parent", 0x02), L("EventList", 0x14));
        Table(0x13, "EventPtr", R("Event", 0x14));
        Table(0x14, "Event", F2("EventFlags"), N("Name"), C("EventType", TypeDefOrRef));
        Table(0x15, "PropertyMap", R("Parent", 0x02), L("PropertyList", 0x17));
        Table(0x16, "PropertyPtr", R("Property", 0x17));
        Table(0x17, "Property", F2("Flags"), N("Name"), B("Type"));
        Table(0x18, "MethodSemantics", F2("Semantics"), R("Method", 0x06), C("Association", HasSemantics));
        Table(0x19, "MethodImpl", R("Class", 0x02), C("MethodBody", MethodDefOrRef), C("MethodDeclaration", MethodDefOrRef));
        Table(0x1A, "ModuleRef", S("Name"));
        Table(0x1B, "TypeSpec", B("Signature"));
        Table(0x1C, "ImplMap", F2("MappingFlags"), C("MemberForwarded", MemberForwarded), S("ImportName"), R("ImportScope", 0x1A));
        Table(0x1D, "FieldRVA", F4("RVA"), R("Field", 0x04));
        Table(0x1E, "EncLog", F4("Token"), F4("FuncCode"));
        Table(0x1F, "EncMap", F4("Token"));
        Table(0x20, "Assembly", F4("HashAlgId"), F2("MajorVersion"), F2("MinorVersion"), F2("BuildNumber"), F2("RevisionNumber"), F4("Flags"), B("PublicKey"), N("Name"), S("Culture"));
        Table(0x21, "AssemblyProcessor", F4("Processor"));
        Table(0x22, "AssemblyOS", F4("OSPlatformID"), F4("OSMajorVersion"), F4("OSMinorVersion"));
        Table(0x23, "AssemblyRef", F2("MajorVersion"), F2("MinorVersion"), F2("BuildNumber"), F2("RevisionNumber"), F4("Flags"), B("PublicKeyOrToken"), N("Name"), S("Culture"), B("HashValue"));
        Table(0x24, "AssemblyRefProcessor", F4("Processor"), R("AssemblyRef", 0x23));
        Table(0x25, "AssemblyRefOS", F4("OSPlatformId"), F4("OSMajorVersion"), F4("OSMinorVersion"), R("AssemblyRef", 0x23));
        Table(0x26, "File", F4("Flags"), S("Name"), B("HashValue"));
        Table(0x27, "ExportedType", F4("Flags"), F4("TypeDefId"), N("TypeName"), S("TypeNamespace"), new Column("Implementation", ColumnKind.OptionalCoded, Implementation));
        Table(0x28, "ManifestResource", F4("Offset"), F4("Flags"), S("Name"), new Column("Implementation", ColumnKind.OptionalCoded, Implementation));
        Table(0x29, "NestedClass", R("NestedClass", 0x02), R("EnclosingClass", 0x02));
        Table(0x2A, "GenericParam", F2("Number"), F2("Flags"), C("Owner", TypeOrMethodDef), S("Name"));
        Table(0x2B, "MethodSpec", C("Method", MethodDefOrRef), B("Instantiation"));
        Table(0x2C, "GenericParamConstraint", R("Owner", 0x2A), C("Constraint", TypeDefOrRef));
        Table(0x30, "Document", B("Name"), G("HashAlgorithm"), B("Hash"), G("Language"));
        Table(0x31, "MethodDebugInformation", new Column("Document", ColumnKind.OptionalRow, 0x30), B("SequencePoints"));
        Table(0x32, "LocalScope", R("Method", 0x06), new Column("ImportScope", ColumnKind.OptionalRow, 0x35), L("VariableList", 0x33), L("ConstantList", 0x34), F4("StartOffset"), F4("Length"));
        Table(0x33, "LocalVariable", F2("Attributes"), F2("Index"), S("Name"));
        Table(0x34, "LocalConstant", S("Name"), B("Signature"));
        Table(0x35, "ImportScope", new Column("Parent", ColumnKind.OptionalRow, 0x35), B("Imports"));
        Table(0x36, "StateMachineMethod", R("MoveNextMethod", 0x06), R("KickoffMethod", 0x06));
        Table(0x37, "CustomDebugInformation", C("Parent", HasCustomDebugInformation), G("Kind"), B("Value"));
    }

    /// <summary>The tables an image of this kind may have: the type system's, or (in a portable PDB) the debug ones.</summary>
    internal static bool Allowed(int table, bool pdb) => Tables[table] != null && (table >= 0x30) == pdb;

    internal static string Name(int table) => table >= 0 && table < TableCount && TableNames[table] != null ? TableNames[table] : "table 0x" + table.ToString("X2");

    /// <summary>For a list into Field, MethodDef, Param, Event or Property: its indirection table, which an unoptimized image may have.</summary>
    internal static int PointerTable(int table) => table switch
    {
        0x04 => 0x03,
        0x06 => 0x05,
        0x08 => 0x07,
        0x14 => 0x13,
        0x17 => 0x16,
        _ => -1,
    };

    internal static IEnumerable<int> Defined()
    {
        for (var table = 0; table < TableCount; table++)
        {
            if (Tables[table] != null)
            {
                yield return table;
            }
        }
    }

    private static void Table(int number, string name, params Column[] columns)
    {
        TableNames[number] = name;
        Tables[number] = columns;
    }

    private static Column F2(string name) => new(name, ColumnKind.Fixed2);

    private static Column F4(string name) => new(name, ColumnKind.Fixed4);

    private static Column S(string name) => new(name, ColumnKind.String);

    private static Column N(string name) => new(name, ColumnKind.Name);

    private static Column G(string name) => new(name, ColumnKind.Guid);

    private static Column B(string name) => new(name, ColumnKind.Blob);

    private static Column R(string name, int table) => new(name, ColumnKind.Row, table);

    private static Column L(string name, int table) => new(name, ColumnKind.List, table);

    private static Column C(string name, int coding) => new(name, ColumnKind.Coded, coding);
}
