namespace AuditWeaver;

/// <summary>
/// The category names. An event's name starts with its category and a dot (<c>file.open</c>), so the pattern
/// <c>file.*</c> selects a whole category.
/// </summary>
public static class AuditCategory
{
    /// <summary>Opening, creating, deleting, moving, enumerating and probing files and directories.</summary>
    public const string File = "file";

    /// <summary>Starting and killing processes.</summary>
    public const string Process = "process";

    /// <summary>Connecting, binding, listening, accepting, sending to an endpoint, resolving names, HTTP.</summary>
    public const string Network = "network";

    /// <summary>Generating code at run time (Reflection.Emit, expression compilation).</summary>
    public const string ReflectionEmit = "reflection-emit";

    /// <summary>Invoking members through reflection.</summary>
    public const string Reflection = "reflection";

    /// <summary>Changing objects and types behind the type system's back (private field writes, uninitialized objects).</summary>
    public const string TypeMutation = "type-mutation";

    /// <summary>Loading assemblies.</summary>
    public const string AssemblyLoad = "assembly-load";

    /// <summary>Native code: libraries, exports, P/Invoke, unmanaged function pointers.</summary>
    public const string Native = "native";

    /// <summary>Process-wide state: environment variables, exit, current directory, AppContext switches.</summary>
    public const string Environment = "environment";

    /// <summary>The runtime's own events, such as <c>audit.addhook</c>.</summary>
    public const string Audit = "audit";
}
