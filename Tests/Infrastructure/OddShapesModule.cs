using System.Collections.Generic;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Tests.Infrastructure;

/// <summary>
/// A generated module, <c>OddShapes</c>, whose static methods put audited calls in IL shapes no C# compiler writes but
/// obfuscators and other compilers do: branches that land on the call with its argument pushed on two paths, switch
/// tables into a call, methods that end in <c>throw</c>, filter and fault blocks, a call that is the first instruction of
/// a protected region, a short branch that only fits before weaving, a method of more than 64 KB of IL, dead code after
/// <c>ret</c>, a <c>tail.</c> call. Every method takes the path of an existing file first.
/// </summary>
internal static class OddShapesModule
{
    internal const string TypeName = "OddShapes";

    /// <summary>Filler blocks of <c>Huge</c>, 4 bytes each (ldloc.0, ldc.i4.N, add, stloc.0): the body passes 64 KB.</summary>
    internal const int HugeBlocks = 18000;

    /// <summary>
    /// Filler blocks under <c>ShortBranchOverCall</c>'s brtrue.s: 1 + 5 + 1 bytes of call and store, then 4 bytes per
    /// block make 123 bytes, within a short branch's 127 until code is inserted.
    /// </summary>
    internal const int ShortBranchBlocks = 29;

    private const string Exists = "M:System.IO.File.Exists(System.String)";
    private const string ReadAllText = "M:System.IO.File.ReadAllText(System.String)";
    private const string Delete = "M:System.IO.File.Delete(System.String)";
    private const string HostName = "M:System.Net.Dns.GetHostName";

    internal static ModuleDefinition Create()
    {
        var module = ModuleDefinition.CreateModule(TypeName, new ModuleParameters
        {
            Kind = ModuleKind.Dll,
            AssemblyResolver = ReferencePack.Resolver,
            Runtime = TargetRuntime.Net_4_0,
        });
        var shapes = new Shapes(module);
        var type = new TypeDefinition(string.Empty, TypeName, TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed, shapes.Object);
        module.Types.Add(type);
        foreach (var method in shapes.All())
        {
            // Short forms wherever they fit, as compilers write them; the byte counts below assume it.
            method.Body.OptimizeMacros();
            type.Methods.Add(method);
        }

        return module;
    }

    private sealed class Shapes
    {
        private readonly ModuleDefinition _module;

        internal Shapes(ModuleDefinition module)
        {
            _module = module;
            Object = Import("T:System.Object");
        }

        internal TypeReference Object { get; }

        private TypeSystem Types => _module.TypeSystem;

        internal IEnumerable<MethodDefinition> All()
        {
            yield return BranchIntoCall();
            yield return SwitchIntoCall();
            yield return StackBelowArguments();
            yield return EndsInThrow();
            yield return FilterAndHandler();
            yield return FaultBlock();
            yield return CallStartsTryBlock();
            yield return ShortBranchOverCall();
            yield return Huge();
            yield return DeadCodeAfterReturn();
            yield return TailCall();
        }

        // (bool which) => File.Exists(which ? path : "missing"), the argument pushed on two paths that join at the call.
        private MethodDefinition BranchIntoCall()
        {
            var (method, il) = Method("BranchIntoCall", Types.Boolean, Types.Boolean);
            var other = il.Create(OpCodes.Ldstr, "missing");
            var call = Call(Exists);
            il.Append(il.Create(OpCodes.Ldarg_1));
            il.Append(il.Create(OpCodes.Brfalse, other));
            il.Append(il.Create(OpCodes.Ldarg_0));
            il.Append(il.Create(OpCodes.Br, call));
            il.Append(other);
            il.Append(call);
            il.Append(il.Create(OpCodes.Ret));
            return method;
        }

        // A switch whose cases land on two different call sites with the path already pushed; the default pops it.
        private MethodDefinition SwitchIntoCall()
        {
            var (method, il) = Method("SwitchIntoCall", Types.Int32, Types.Int32);
            var exists = Call(Exists);
            var read = Call(ReadAllText);
            il.Append(il.Create(OpCodes.Ldarg_0));
            il.Append(il.Create(OpCodes.Ldarg_1));
            il.Append(il.Create(OpCodes.Switch, new[] { exists, exists, read }));
            il.Append(il.Create(OpCodes.Pop));
            il.Append(il.Create(OpCodes.Ldc_I4_M1));
            il.Append(il.Create(OpCodes.Ret));
            il.Append(exists);
            il.Append(il.Create(OpCodes.Ret));
            il.Append(read);
            il.Append(il.Create(OpCodes.Callvirt, Member("M:System.String.get_Length")));
            il.Append(il.Create(OpCodes.Ret));
            return method;
        }

        // 40 + File.Exists(path): a value the call's arguments sit on must survive the arguments being parked.
        private MethodDefinition StackBelowArguments()
        {
            var (method, il) = Method("StackBelowArguments", Types.Int32);
            il.Append(il.Create(OpCodes.Ldc_I4, 40));
            il.Append(il.Create(OpCodes.Ldarg_0));
            il.Append(Call(Exists));
            il.Append(il.Create(OpCodes.Add));
            il.Append(il.Create(OpCodes.Ret));
            return method;
        }

        // throw new InvalidOperationException(File.ReadAllText(path)); the body has no ret.
        private MethodDefinition EndsInThrow()
        {
            var (method, il) = Method("EndsInThrow", Types.Void);
            il.Append(il.Create(OpCodes.Ldarg_0));
            il.Append(Call(ReadAllText));
            il.Append(il.Create(OpCodes.Newobj, Member("M:System.InvalidOperationException.#ctor(System.String)")));
            il.Append(il.Create(OpCodes.Throw));
            return method;
        }

        // try { throw new Exception(); } filter { File.Exists(path) } catch { result = File.ReadAllText(path); }
        // The filter and the handler each start with the exception object on the stack and hold an audited call.
        private MethodDefinition FilterAndHandler()
        {
            var (method, il) = Method("FilterAndHandler", Types.String);
            var result = Local(method, Types.String);
            var end = il.Create(OpCodes.Ldloc, result);
            var tryStart = il.Create(OpCodes.Newobj, Member("M:System.Exception.#ctor"));
            var filterStart = il.Create(OpCodes.Pop);
            var handlerStart = il.Create(OpCodes.Pop);
            il.Append(tryStart);
            il.Append(il.Create(OpCodes.Throw));
            il.Append(filterStart);
            il.Append(il.Create(OpCodes.Ldarg_0));
            il.Append(Call(Exists));
            il.Append(il.Create(OpCodes.Endfilter));
            il.Append(handlerStart);
            il.Append(il.Create(OpCodes.Ldarg_0));
            il.Append(Call(ReadAllText));
            il.Append(il.Create(OpCodes.Stloc, result));
            il.Append(il.Create(OpCodes.Leave, end));
            il.Append(end);
            il.Append(il.Create(OpCodes.Ret));
            method.Body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Filter)
            {
                TryStart = tryStart,
                TryEnd = filterStart,
                FilterStart = filterStart,
                HandlerStart = handlerStart,
                HandlerEnd = end,
            });
            return method;
        }

        // try { try { File.ReadAllText(path + ".missing"); } fault { File.Exists(path); } } catch { return "caught"; }
        // C# cannot write a fault block; the audited call in it must run when the inner call throws.
        private MethodDefinition FaultBlock()
        {
            var (method, il) = Method("FaultBlock", Types.String);
            var result = Local(method, Types.String);
            var end = il.Create(OpCodes.Ldloc, result);
            var tryStart = il.Create(OpCodes.Ldarg_0);
            var faultStart = il.Create(OpCodes.Ldarg_0);
            var catchStart = il.Create(OpCodes.Pop);
            il.Append(tryStart);
            il.Append(il.Create(OpCodes.Ldstr, ".missing"));
            il.Append(il.Create(OpCodes.Call, Member("M:System.String.Concat(System.String,System.String)")));
            il.Append(Call(ReadAllText));
            il.Append(il.Create(OpCodes.Stloc, result));
            il.Append(il.Create(OpCodes.Leave, end));
            il.Append(faultStart);
            il.Append(Call(Exists));
            il.Append(il.Create(OpCodes.Pop));
            il.Append(il.Create(OpCodes.Endfinally));
            il.Append(catchStart);
            il.Append(il.Create(OpCodes.Ldstr, "caught"));
            il.Append(il.Create(OpCodes.Stloc, result));
            il.Append(il.Create(OpCodes.Leave, end));
            il.Append(end);
            il.Append(il.Create(OpCodes.Ret));
            method.Body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Fault)
            {
                TryStart = tryStart,
                TryEnd = faultStart,
                HandlerStart = faultStart,
                HandlerEnd = catchStart,
            });
            method.Body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Catch)
            {
                CatchType = Object,
                TryStart = tryStart,
                TryEnd = catchStart,
                HandlerStart = catchStart,
                HandlerEnd = end,
            });
            return method;
        }

        // try { name = Dns.GetHostName(); } finally { File.Exists(path); }: the call is the try block's first
        // instruction, so the code inserted before it must become part of the protected region.
        private MethodDefinition CallStartsTryBlock()
        {
            var (method, il) = Method("CallStartsTryBlock", Types.Boolean);
            var result = Local(method, Types.Boolean);
            var end = il.Create(OpCodes.Ldloc, result);
            var tryStart = Call(HostName);
            var finallyStart = il.Create(OpCodes.Ldarg_0);
            il.Append(tryStart);
            il.Append(il.Create(OpCodes.Ldnull));
            il.Append(il.Create(OpCodes.Cgt_Un));
            il.Append(il.Create(OpCodes.Stloc, result));
            il.Append(il.Create(OpCodes.Leave, end));
            il.Append(finallyStart);
            il.Append(Call(Exists));
            il.Append(il.Create(OpCodes.Pop));
            il.Append(il.Create(OpCodes.Endfinally));
            il.Append(end);
            il.Append(il.Create(OpCodes.Ret));
            method.Body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Finally)
            {
                TryStart = tryStart,
                TryEnd = finallyStart,
                HandlerStart = finallyStart,
                HandlerEnd = end,
            });
            return method;
        }

        // A br.s over an audited call and about 100 bytes of arithmetic: it fits in a short branch before weaving and
        // not after, so the weaver must widen it.
        private MethodDefinition ShortBranchOverCall()
        {
            var (method, il) = Method("ShortBranchOverCall", Types.Int32, Types.Boolean);
            var sum = Local(method, Types.Int32);
            var over = il.Create(OpCodes.Ldloc, sum);
            il.Append(il.Create(OpCodes.Ldarg_1));
            il.Append(il.Create(OpCodes.Brtrue_S, over));
            il.Append(il.Create(OpCodes.Ldarg_0));
            il.Append(Call(Exists));
            il.Append(il.Create(OpCodes.Stloc, sum));
            AddToCounter(il, sum, ShortBranchBlocks);
            il.Append(over);
            il.Append(il.Create(OpCodes.Ret));
            return method;
        }

        // More than 64 KB of IL: an audited call at the start, in the middle (first round only)
        // and at the end, and a backward branch over the whole body that runs it twice. Returns the counter.
        private MethodDefinition Huge()
        {
            var (method, il) = Method("Huge", Types.Int32);
            var sum = Local(method, Types.Int32);
            var round = Local(method, Types.Int32);
            var top = il.Create(OpCodes.Ldarg_0);
            var afterMiddle = il.Create(OpCodes.Nop);
            il.Append(top);
            il.Append(Call(Exists));
            il.Append(il.Create(OpCodes.Pop));
            AddToCounter(il, sum, HugeBlocks / 2);
            il.Append(il.Create(OpCodes.Ldloc, round));
            il.Append(il.Create(OpCodes.Brtrue, afterMiddle));
            il.Append(il.Create(OpCodes.Ldarg_0));
            il.Append(Call(ReadAllText));
            il.Append(il.Create(OpCodes.Pop));
            il.Append(afterMiddle);
            AddToCounter(il, sum, HugeBlocks - (HugeBlocks / 2));
            il.Append(il.Create(OpCodes.Ldarg_0));
            il.Append(Call(Exists));
            il.Append(il.Create(OpCodes.Pop));
            il.Append(il.Create(OpCodes.Ldloc, round));
            il.Append(il.Create(OpCodes.Ldc_I4_1));
            il.Append(il.Create(OpCodes.Add));
            il.Append(il.Create(OpCodes.Dup));
            il.Append(il.Create(OpCodes.Stloc, round));
            il.Append(il.Create(OpCodes.Ldc_I4_2));
            il.Append(il.Create(OpCodes.Blt, top));
            il.Append(il.Create(OpCodes.Ldloc, sum));
            il.Append(il.Create(OpCodes.Ret));
            return method;
        }

        // return File.Exists(path); followed by unreachable code that deletes the file, as junk-inserting obfuscators write.
        private MethodDefinition DeadCodeAfterReturn()
        {
            var (method, il) = Method("DeadCodeAfterReturn", Types.Boolean);
            il.Append(il.Create(OpCodes.Ldarg_0));
            il.Append(Call(Exists));
            il.Append(il.Create(OpCodes.Ret));
            il.Append(il.Create(OpCodes.Ldarg_0));
            il.Append(Call(Delete));
            il.Append(il.Create(OpCodes.Ldc_I4_0));
            il.Append(il.Create(OpCodes.Ret));
            return method;
        }

        // return tail. File.ReadAllText(path);
        private MethodDefinition TailCall()
        {
            var (method, il) = Method("TailCall", Types.String);
            il.Append(il.Create(OpCodes.Ldarg_0));
            il.Append(il.Create(OpCodes.Tail));
            il.Append(Call(ReadAllText));
            il.Append(il.Create(OpCodes.Ret));
            return method;
        }

        // counter += 1 % 7; counter += 2 % 7; ... one block per step, no call in between.
        private static void AddToCounter(ILProcessor il, VariableDefinition counter, int blocks)
        {
            for (var i = 1; i <= blocks; i++)
            {
                il.Append(il.Create(OpCodes.Ldloc, counter));
                il.Append(il.Create(OpCodes.Ldc_I4, i % 7));
                il.Append(il.Create(OpCodes.Add));
                il.Append(il.Create(OpCodes.Stloc, counter));
            }
        }

        private (MethodDefinition Method, ILProcessor IL) Method(string name, TypeReference returnType, params TypeReference[] extra)
        {
            var method = new MethodDefinition(name, MethodAttributes.Public | MethodAttributes.Static, returnType);
            method.Parameters.Add(new ParameterDefinition("path", ParameterAttributes.None, Types.String));
            foreach (var type in extra)
            {
                method.Parameters.Add(new ParameterDefinition("p" + method.Parameters.Count, ParameterAttributes.None, type));
            }

            method.Body.InitLocals = true;
            return (method, method.Body.GetILProcessor());
        }

        private static VariableDefinition Local(MethodDefinition method, TypeReference type)
        {
            var local = new VariableDefinition(type);
            method.Body.Variables.Add(local);
            return local;
        }

        private Instruction Call(string memberId) => Instruction.Create(OpCodes.Call, Member(memberId));

        private MethodReference Member(string memberId) => _module.ImportReference(ReferencePack.Methods[memberId]);

        private TypeReference Import(string typeId) => _module.ImportReference(ReferencePack.Types[typeId]);
    }
}
