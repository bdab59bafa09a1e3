namespace AuditWeaver;

/// <summary>
/// What the assembly verifier (<see cref="Audit.SetAssemblyVerifier"/>) is asked about: code about to be loaded, by path
/// or as bytes. Exactly one of <see cref="Path"/>, <see cref="Bytes"/> and <see cref="Name"/> is set.
/// </summary>
public sealed class AssemblyLoadRequest
{
    internal AssemblyLoadRequest(string api, string? path, byte[]? bytes, string? name)
    {
        Api = api;
        Path = path;
        Bytes = bytes;
        Name = name;
    }

    /// <summary>The documentation-comment ID of the loading API, e.g. <c>M:System.Reflection.Assembly.LoadFrom(System.String)</c>.</summary>
    public string Api { get; }

    /// <summary>The file about to be loaded (a managed assembly or a native library), for loads by path.</summary>
    public string? Path { get; }

    /// <summary>
    /// The exact bytes that will be loaded, for loads from a byte array or stream. The runtime loads this copy, so
    /// changing the caller's array or stream after the check cannot change what is loaded.
    /// </summary>
    public byte[]? Bytes { get; }

    /// <summary>The assembly or library name, for loads that probe by name.</summary>
    public string? Name { get; }

    /// <summary>What is being loaded, for messages.</summary>
    public override string ToString() =>
        Path ?? Name ?? (Bytes != null ? Bytes.Length + " bytes" : string.Empty);
}

/// <summary>Raised when the assembly verifier refuses a load.</summary>
public sealed class AssemblyVerificationException : AuditDeniedException
{
    internal AssemblyVerificationException(AssemblyLoadRequest request)
        : base("The assembly verifier refused to load " + request + " (" + request.Api + ").")
    {
        Request = request;
    }

    /// <summary>The refused request.</summary>
    public AssemblyLoadRequest Request { get; }
}
