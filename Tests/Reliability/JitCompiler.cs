using System;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Tests.Reliability;

/// <summary>
/// Forces the JIT over every method body of an assembly, the check that stands in for an IL verifier here: an invalid
/// body throws InvalidProgramException, a missing member MissingMethodException.
/// </summary>
internal static class JitCompiler
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>Prepares every method and constructor; generic ones over a reference type or, where constraints refuse it, a value type.</summary>
    internal static int PrepareEveryMethod(Assembly assembly)
    {
        var prepared = 0;
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)).Where(HasBody))
            {
                var parameters = (type.IsGenericTypeDefinition ? type.GetGenericArguments().Length : 0) + (method.IsGenericMethodDefinition ? method.GetGenericArguments().Length : 0);
                if (parameters == 0)
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
                }
                else
                {
                    PrepareInstantiated(method, parameters);
                }

                prepared++;
            }
        }

        return prepared;
    }

    // Abstract methods and a delegate's runtime-provided members (Visual Basic's anonymous delegate types) have no IL.
    private static bool HasBody(MethodBase method) =>
        !method.IsAbstract && (method.MethodImplementationFlags & MethodImplAttributes.CodeTypeMask) == MethodImplAttributes.IL;

    private static void PrepareInstantiated(MethodBase method, int parameters)
    {
        ArgumentException? refused = null;
        foreach (var argument in new[] { typeof(object), typeof(int) })
        {
            try
            {
                RuntimeHelpers.PrepareMethod(method.MethodHandle, Enumerable.Repeat(argument.TypeHandle, parameters).ToArray());
                return;
            }
            catch (ArgumentException exception)
            {
                // The instantiation broke a constraint of the method or its type; try the next.
                refused = exception;
            }
        }

        throw new InvalidOperationException("No instantiation of " + method.DeclaringType + "." + method.Name + " satisfies its constraints.", refused);
    }
}
