using System;
using System.Collections.Generic;
using System.Linq;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// Keeps "no catch handler" in an async MoveNext's stepping information across an edit of its body. Roslyn names its
/// generated catch handler there only for async void methods and async Main (a debugger reports the exceptions that
/// handler catches as user-unhandled); for every other async method it writes 0, "none", which Cecil reads as an
/// unresolved offset of -1. Cecil 0.11.6 resolves every unresolved debug offset of a body when an instruction is
/// inserted into or removed from it, and -1 resolves to the first instruction: written back, the PDB would name IL
/// offset 0 as the catch handler of every woven Task-returning async method.
/// </summary>
internal static class AsyncCatchHandlers
{
    private const int None = -1;

    /// <summary>The async stepping information of <paramref name="body"/>'s method that names no catch handler.</summary>
    internal static IReadOnlyList<AsyncMethodBodyDebugInformation> WithoutHandler(MethodBody body)
    {
        var method = body.Method;
        if (!method.HasCustomDebugInformations)
        {
            return Array.Empty<AsyncMethodBodyDebugInformation>();
        }

        return method.CustomDebugInformations.OfType<AsyncMethodBodyDebugInformation>()
            .Where(i => !i.CatchHandler.IsEndOfMethod && i.CatchHandler.Offset == None)
            .ToList();
    }

    /// <summary>Sets the catch handler of each of <paramref name="informations"/> back to none.</summary>
    internal static void Restore(IReadOnlyList<AsyncMethodBodyDebugInformation> informations)
    {
        foreach (var information in informations)
        {
            information.CatchHandler = new InstructionOffset(None);
        }
    }
}
