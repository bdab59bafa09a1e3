using Mono.Cecil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// Resolving a reference to its definition when the assembly that defines it may be missing (a reference the build did
/// not pass, a dependency the command-line tool was not given): then the answer is null and the caller decides what that
/// means. Only a missing assembly is expected; any other failure still propagates.
/// </summary>
internal static class Definitions
{
    internal static TypeDefinition? TryResolve(TypeReference type) => TryResolve<TypeDefinition>(type);

    internal static MethodDefinition? TryResolve(MethodReference method) => TryResolve<MethodDefinition>(method);

    private static T? TryResolve<T>(MemberReference reference)
        where T : class, IMemberDefinition
    {
        try
        {
            return (T?)reference.Resolve();
        }
        catch (AssemblyResolutionException)
        {
            return null;
        }
    }
}
