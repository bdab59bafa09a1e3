using System;
using System.Linq;
using System.Collections.Generic;
using System.IO;
using AuditWeaver.Catalog;
using AuditWeaver.Fody.Engine;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Tests.Infrastructure;

/// <summary>
/// A generated module, <c>CatalogCalls</c>, with one static method per catalog entry (<c>Call0</c>, <c>Call1</c>, ...)
/// that calls the cataloged member once: every call site the weaver knows, in one place.
/// </summary>
internal static class CatalogCallsModule
{
    internal const string TypeName = "CatalogCalls";

    internal static ModuleDefinition Create(IReadOnlyList<CatalogEntry> entries)
    {
        var module = ModuleDefinition.CreateModule(TypeName, new ModuleParameters
        {
            Kind = ModuleKind.Dll,
            AssemblyResolver = ReferencePack.Resolver,
            Runtime = TargetRuntime.Net_4_0,
        });
        var corlib = ReferencePack.Resolver.Resolve(new AssemblyNameReference("System.Runtime", new Version(10, 0, 0, 0))).MainModule;
        var objectType = module.ImportReference(corlib.GetType("System.Object"));
        var type = new TypeDefinition(string.Empty, TypeName, TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed, objectType);
        module.Types.Add(type);
        for (var i = 0; i < entries.Count; i++)
        {
            type.Methods.Add(CallOne(module, entries[i], i, objectType));
        }

        return module;
    }

    /// <summary>
    /// Weaves a module of calls to <paramref name="entries"/> with the current weaver and returns it written out (a
    /// module's member-reference table exists only once it is written). A warning or an error from the weaver throws.
    /// </summary>
    internal static (WeaveResult Result, byte[] Image) Weave(IReadOnlyList<CatalogEntry> entries)
    {
        var log = new WeaverLog();
        using var module = Create(entries);
        var result = new AuditWeavingEngine(new WeaverOptions(), log).Weave(module);
        if (log.Problems.Count > 0)
        {
            throw new InvalidOperationException("Weaving " + TypeName + " reported problems: " + string.Join(Environment.NewLine, log.Problems.Select(p => p.Message)));
        }

        using var image = new MemoryStream();
        module.Write(image);
        return (result, image.ToArray());
    }

    // A static method that calls the member once with default arguments: null references, zeroed values, addresses of
    // zeroed locals for by-ref parameters, object for every generic parameter.
    private static MethodDefinition CallOne(ModuleDefinition module, CatalogEntry entry, int index, TypeReference objectType)
    {
        var definition = ReferencePack.Methods[entry.MemberId];
        MethodReference callee = module.ImportReference(definition);
        if (definition.DeclaringType.HasGenericParameters)
        {
            // A member of a generic type is called on an instantiation (Expression<object>.Compile), as IL does.
            var declaring = new GenericInstanceType(module.ImportReference(definition.DeclaringType));
            foreach (var _ in definition.DeclaringType.GenericParameters)
            {
                declaring.GenericArguments.Add(objectType);
            }

            var onInstance = new MethodReference(callee.Name, callee.ReturnType, declaring) { HasThis = callee.HasThis, ExplicitThis = callee.ExplicitThis, CallingConvention = callee.CallingConvention };
            foreach (var parameter in callee.Parameters)
            {
                onInstance.Parameters.Add(new ParameterDefinition(parameter.ParameterType));
            }

            callee = onInstance;
        }

        if (definition.HasGenericParameters)
        {
            // object for every type parameter, or its class constraint (CreateDelegate<T> where T : Delegate).
            var instance = new GenericInstanceMethod(callee);
            foreach (var parameter in definition.GenericParameters)
            {
                var constraint = parameter.Constraints.Select(c => c.ConstraintType).FirstOrDefault(c => c.Resolve() is { IsClass: true, IsInterface: false });
                instance.GenericArguments.Add(constraint == null ? objectType : module.ImportReference(constraint));
            }

            callee = instance;
        }

        var method = new MethodDefinition("Call" + index, MethodAttributes.Public | MethodAttributes.Static, module.TypeSystem.Void);
        method.Body.InitLocals = true;
        var il = method.Body.GetILProcessor();
        var isConstructor = definition.IsConstructor;

        // An abstract type's constructor is only ever called from a derived one: call .ctor on a receiver, no newobj.
        var baseConstructorCall = isConstructor && definition.DeclaringType.IsAbstract;
        if (baseConstructorCall)
        {
            il.Emit(OpCodes.Ldnull);
        }

        if (definition.HasThis && !isConstructor)
        {
            PushDefault(module, method, il, callee.DeclaringType.IsValueType ? new ByReferenceType(callee.DeclaringType) : callee.DeclaringType);
        }

        foreach (var parameter in callee.Parameters)
        {
            PushDefault(module, method, il, GenericContext.Resolve(parameter.ParameterType, callee));
        }

        il.Emit(isConstructor && !baseConstructorCall ? OpCodes.Newobj : definition.IsVirtual ? OpCodes.Callvirt : OpCodes.Call, callee);
        if ((isConstructor && !baseConstructorCall) || (!isConstructor && callee.ReturnType.MetadataType != MetadataType.Void))
        {
            il.Emit(OpCodes.Pop);
        }

        il.Emit(OpCodes.Ret);
        return method;
    }

    private static void PushDefault(ModuleDefinition module, MethodDefinition method, ILProcessor il, TypeReference type)
    {
        type = GenericContext.StripModifiers(type);
        if (type is ByReferenceType byReference)
        {
            var target = new VariableDefinition(byReference.ElementType);
            method.Body.Variables.Add(target);
            il.Emit(OpCodes.Ldloca, target);
        }
        else if (type.IsValueType || type is GenericParameter)
        {
            var local = new VariableDefinition(type);
            method.Body.Variables.Add(local);
            il.Emit(OpCodes.Ldloc, local);
        }
        else if (type is PointerType)
        {
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Conv_U);
        }
        else
        {
            il.Emit(OpCodes.Ldnull);
        }
    }
}
