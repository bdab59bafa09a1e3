using System;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using AuditWeaver;

namespace AssemblyToProcess;

/// <summary>
/// Tampering through Reflection.Emit: code generated at run time names the runtime's private members in its IL, so no
/// FieldInfo.SetValue or MethodInfo.Invoke is ever called. A DynamicMethod that skips visibility checks and a dynamic
/// assembly that ignores access checks to AuditWeaver both reach them; the emit calls that name a member are the
/// control point.
/// </summary>
public static partial class TamperingScenarios
{
    private const BindingFlags AnyStatic = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;

    public static void StoreNullByDynamicMethod(string typeName, string field)
    {
        var method = new DynamicMethod("store-null", null, Type.EmptyTypes, restrictedSkipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldnull);
        il.Emit(OpCodes.Stsfld, Runtime(typeName).GetField(field, AnyStatic)!);
        il.Emit(OpCodes.Ret);
        method.CreateDelegate<Action>()();
    }

    // The emit call made by reflection on the generator's own class (an internal override of ILGenerator.Emit), not on
    // the public base the catalog names.
    public static void StoreNullByReflectedOverride(string typeName, string field)
    {
        var method = new DynamicMethod("store-null-reflected", null, Type.EmptyTypes, restrictedSkipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldnull);
        var emit = il.GetType().GetMethod(nameof(ILGenerator.Emit), new[] { typeof(OpCode), typeof(FieldInfo) })!;
        emit.Invoke(il, new object[] { OpCodes.Stsfld, Runtime(typeName).GetField(field, AnyStatic)! });
        il.Emit(OpCodes.Ret);
        method.CreateDelegate<Action>()();
    }

    public static object? LoadByDynamicMethod(string typeName, string field)
    {
        var method = new DynamicMethod("load", typeof(object), Type.EmptyTypes, typeof(Audit), skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldsfld, Runtime(typeName).GetField(field, AnyStatic)!);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<Func<object?>>()();
    }

    public static void CallByDynamicMethod(string typeName, string name)
    {
        var method = new DynamicMethod("call", null, Type.EmptyTypes, restrictedSkipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Call, Runtime(typeName).GetMethod(name, AnyStatic, Type.EmptyTypes)!);
        il.Emit(OpCodes.Ret);
        method.CreateDelegate<Action>()();
    }

    public static void EmitCallByDynamicMethod(string typeName, string name)
    {
        var method = new DynamicMethod("emitcall", null, Type.EmptyTypes, restrictedSkipVisibility: true);
        var il = method.GetILGenerator();
        il.EmitCall(OpCodes.Call, Runtime(typeName).GetMethod(name, AnyStatic, Type.EmptyTypes)!, null);
        il.Emit(OpCodes.Ret);
        method.CreateDelegate<Action>()();
    }

    public static object ConstructByDynamicMethod(string typeName)
    {
        var method = new DynamicMethod("construct", typeof(object), Type.EmptyTypes, restrictedSkipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Newobj, Runtime(typeName).GetConstructor(BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes)!);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<Func<object>>()();
    }

    public static void StoreNullByAssemblyBuilder(string typeName, string field) =>
        RunInDynamicAssembly((module, il) => il.Emit(OpCodes.Stsfld, Runtime(typeName).GetField(field, AnyStatic)!));

    // The token route: no FieldInfo reaches ILGenerator, only the number the module assigned to it.
    public static void StoreNullByMetadataToken(string typeName, string field) =>
        RunInDynamicAssembly((module, il) => il.Emit(OpCodes.Stsfld, module.GetFieldMetadataToken(Runtime(typeName).GetField(field, AnyStatic)!)));

    // Raw IL through DynamicILInfo: no ILGenerator call names the field, only a token made from its handle.
    public static void StoreNullByDynamicILInfo(string typeName, string field)
    {
        var method = new DynamicMethod("store-null-raw", null, Type.EmptyTypes, typeof(Audit), skipVisibility: true);
        var info = method.GetDynamicILInfo();
        var token = info.GetTokenFor(Runtime(typeName).GetField(field, AnyStatic)!.FieldHandle);
        var code = new byte[] { 0x14, 0x80, 0, 0, 0, 0, 0x2A }; // ldnull; stsfld <token>; ret
        BitConverter.GetBytes(token).CopyTo(code, 2);
        info.SetCode(code, 1);
        info.SetLocalSignature(SignatureHelper.GetLocalVarSigHelper().GetSignature());
        method.CreateDelegate<Action>()();
    }

    // A function pointer to a private runtime method, called without any reflection invoke.
    public static unsafe void CallByFunctionPointer(string typeName, string name)
    {
        var pointer = (delegate*<void>)Runtime(typeName).GetMethod(name, AnyStatic, Type.EmptyTypes)!.MethodHandle.GetFunctionPointer();
        pointer();
    }

    // A collectible dynamic assembly that declares IgnoresAccessChecksTo("AuditWeaver"), as DispatchProxy's generated
    // assembly does for the types it proxies: its ordinary methods may then touch AuditWeaver's private members. The
    // method pushes null and lets the caller emit the store.
    private static void RunInDynamicAssembly(Action<ModuleBuilder, ILGenerator> store)
    {
        var ignoreChecks = new CustomAttributeBuilder(typeof(IgnoresAccessChecksToAttribute).GetConstructor(new[] { typeof(string) })!, new object[] { typeof(Audit).Assembly.GetName().Name! });
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("EmitTampering" + Guid.NewGuid().ToString("N")), AssemblyBuilderAccess.RunAndCollect, new[] { ignoreChecks });
        var module = assembly.DefineDynamicModule("EmitTampering");
        var type = module.DefineType("Store", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
        var il = type.DefineMethod("Run", MethodAttributes.Public | MethodAttributes.Static, null, Type.EmptyTypes).GetILGenerator();
        il.Emit(OpCodes.Ldnull);
        store(module, il);
        il.Emit(OpCodes.Ret);
        type.CreateType().GetMethod("Run")!.CreateDelegate<Action>()();
    }
}
