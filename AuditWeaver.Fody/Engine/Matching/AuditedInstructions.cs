using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AuditWeaver.Fody.Engine;

/// <summary>
/// The instructions of one method body that reach an audited member: calls, loads of method groups and function
/// pointers, and unmanaged <c>calli</c>. What reaches code the engine cannot attribute (dynamic binders that leave the method, method groups
/// it cannot route, managed calli) is reported as a diagnostic instead.
/// </summary>
internal sealed class AuditedInstructions
{
    private const string BinderRoute = "auditbinder";

    private AuditedInstructions()
    {
    }

    internal List<(CallSite Site, MatchedApi Api)> Calls { get; } = new();

    /// <summary><c>ldftn</c>/<c>ldvirtftn</c> of audited members that a thunk can stand in for.</summary>
    internal List<(Instruction Load, MatchedApi Api)> Loads { get; } = new();

    /// <summary>Unmanaged <c>calli</c>, with the calling convention its event names.</summary>
    internal List<(Instruction Calli, MatchedApi Api, string Convention)> Callis { get; } = new();

    internal bool IsEmpty => Calls.Count + Loads.Count + Callis.Count == 0;

    internal static AuditedInstructions Find(ModuleRun run, MethodDefinition method, SourceLocations locations)
    {
        var found = new AuditedInstructions();
        var binders = new List<(Instruction Instruction, MethodReference Factory)>();
        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.OpCode.Code)
            {
                case Code.Call or Code.Callvirt or Code.Newobj when instruction.Operand is MethodReference callee:
                    if (run.Matcher.Match(callee) is { } called)
                    {
                        found.Calls.Add((CallSite.Create(instruction), called));
                    }
                    else if (IsDynamicBinder(callee))
                    {
                        binders.Add((instruction, callee));
                    }

                    break;
                case Code.Ldftn or Code.Ldvirtftn when instruction.Operand is MethodReference target && run.Matcher.Match(target) is { EventName: not null } loaded:
                    if (MethodGroupThunks.CanRoute(target))
                    {
                        found.Loads.Add((instruction, loaded));
                    }
                    else
                    {
                        run.Report(DiagnosticIds.UnroutedMethodGroup, "A method group or function pointer of " + DocumentationId.ForMethod(target) + " is generic over this method's own type parameters and cannot be routed through an audited thunk; calls through it are not audited.", method, locations.Find(instruction));
                    }

                    break;
                case Code.Calli when instruction.Operand is Mono.Cecil.CallSite signature:
                    if (IsUnmanaged(signature.CallingConvention))
                    {
                        // The framework's own unmanaged calls (MsQuic's function table) implement audited members, as its P/Invokes do.
                        if (run.Matcher.IsFrameworkAssembly)
                        {
                            break;
                        }

                        var convention = signature.CallingConvention.ToString();
                        if (run.Matcher.Fixed("native.calli", new[] { "convention" }, new object?[] { convention }, "unmanaged calli") is { } api)
                        {
                            found.Callis.Add((instruction, api, convention));
                        }
                    }
                    else
                    {
                        run.Report(DiagnosticIds.ManagedCalli, "A managed calli calls through a function pointer whose target is not known at weave time. Pointers taken here to audited members (&File.Delete) are routed through audited thunks; pointers from elsewhere are not audited.", method, locations.Find(instruction));
                    }

                    break;
            }
        }

        // C# dynamic creates its binder and its CallSite in the same method, where the CallSite's creation is woven (the
        // binder gets a stand-in that audits its rules). A binder that leaves the method goes to a call site made elsewhere,
        // audited only if that code is woven too.
        if (binders.Count > 0 && !found.Calls.Any(c => c.Api.Clauses.Any(clause => clause.Function.Function == BinderRoute)))
        {
            foreach (var (instruction, factory) in binders)
            {
                run.Report(DiagnosticIds.DynamicCallSite, "A dynamic binder (" + factory.Name + " '" + NearestString(instruction) + "') is created here, but no CallSite or DynamicExpression is created with it in this method: the code that binds with it is audited only if it is woven (or with the framework woven).", method, locations.Find(instruction));
            }
        }

        return found;
    }

    // The simple name first: a generic type's full name is built anew each time it is asked for.
    private static bool IsDynamicBinder(MethodReference callee) =>
        callee.DeclaringType.Name == "Binder" && callee.DeclaringType.FullName == "Microsoft.CSharp.RuntimeBinder.Binder";

    private static string NearestString(Instruction instruction)
    {
        for (var current = instruction.Previous; current != null; current = current.Previous)
        {
            if (current.OpCode.Code == Code.Ldstr)
            {
                return (string)current.Operand;
            }
        }

        return "?";
    }

    // Unmanaged is C# 9's `delegate* unmanaged[...]`: the platform's default convention, or one its modifiers name.
    private static bool IsUnmanaged(MethodCallingConvention convention) =>
        convention is MethodCallingConvention.C or MethodCallingConvention.StdCall or MethodCallingConvention.ThisCall or MethodCallingConvention.FastCall or MethodCallingConvention.Unmanaged;
}
