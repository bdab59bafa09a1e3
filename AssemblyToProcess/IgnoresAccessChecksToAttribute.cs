namespace System.Runtime.CompilerServices;

/// <summary>
/// The runtime honours this attribute by name on any assembly, and no framework assembly declares it publicly: code that
/// wants it defines it, as this one does for the dynamic assembly of the Reflection.Emit tampering scenario.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class IgnoresAccessChecksToAttribute : Attribute
{
    public IgnoresAccessChecksToAttribute(string assemblyName) => AssemblyName = assemblyName;

    public string AssemblyName { get; }
}
