/// Entry points the tests call woven and unwoven. Each takes a folder the test seeded with input.txt and sub/inner.txt.
module FSharpLibrary.Scenarios

open System
open System.Diagnostics
open System.IO
open System.Reflection
open System.Runtime.CompilerServices

// F# emits tail. before a call in tail position only when the callee is virtual: a static or non-virtual BCL method
// (File.ReadAllText) is assumed to make no deep calls and gets none. These helpers call virtual audited members last,
// so their bodies end in tail. callvirt; ret. NoInlining keeps each one a method of its own.

[<MethodImpl(MethodImplOptions.NoInlining)>]
let private deleteLast (entry: FileSystemInfo) = entry.Delete()

[<MethodImpl(MethodImplOptions.NoInlining)>]
let private existsLast (entry: FileSystemInfo) = entry.Exists

/// MethodInfo.CreateDelegate is virtual, and its catalog entry replaces the result after the call (an after clause).
[<MethodImpl(MethodImplOptions.NoInlining)>]
let private delegateLast (target: MethodInfo) = target.CreateDelegate(typeof<Func<string, string>>)

/// Deletes input.txt through a tail call, then checks through another that it is gone.
let removeInput (dir: string) =
    let path = Path.Combine(dir, "input.txt")
    deleteLast (FileInfo path)
    existsLast (FileInfo path)

/// Deleting a folder that is not empty throws IOException out of the tail call.
let removeFolder (dir: string) = deleteLast (DirectoryInfo(Path.Combine(dir, "sub")))

/// A delegate made by reflection over File.ReadAllText (in tail position), then called (in tail position too).
let delegateRead (dir: string) =
    let readAllText = typeof<File>.GetMethod("ReadAllText", [| typeof<string> |])
    let reader = delegateLast readAllText :?> Func<string, string>
    reader.Invoke(Path.Combine(dir, "input.txt"))

/// An audited static call last: no tail. prefix (see above), and FileNotFoundException leaves the method.
let readMissing (dir: string) = File.ReadAllText(Path.Combine(dir, "missing.txt"))

/// try/with catching the exception an audited call threw.
let readOrDefault (dir: string) =
    try
        File.ReadAllText(Path.Combine(dir, "missing.txt"))
    with :? FileNotFoundException as e ->
        "missing " + Path.GetFileName(e.FileName)

/// Pattern matching over a tuple of audited results, inside a closure passed to List.map.
let describe (dir: string) =
    [ "input.txt"; "missing.txt"; "sub" ]
    |> List.map (fun name ->
        let path = Path.Combine(dir, name)
        match File.Exists path, Directory.Exists path with
        | true, _ -> sprintf "%s file %d" name (FileInfo(path).Length)
        | _, true -> sprintf "%s dir %d" name (Directory.GetFiles(path).Length)
        | _ -> name + " none")
    |> String.concat ";"

let private writeTo (dir: string) (name: string) (text: string) = File.WriteAllText(Path.Combine(dir, name), text)

/// A curried function partially applied, and an audited method used as a first-class function (List.filter File.Exists).
let closures (dir: string) =
    let write = writeTo dir
    [ "one"; "two" ] |> List.iteri (fun i name -> write (name + ".txt") (string i))
    [ "one.txt"; "two.txt"; "three.txt" ]
    |> List.map (fun name -> Path.Combine(dir, name))
    |> List.filter File.Exists
    |> List.map (fun path -> Path.GetFileName path + "=" + File.ReadAllText path)
    |> String.concat ","

/// A sequence expression: the compiler's enumerator class makes the audited call when enumerated.
let listing (dir: string) =
    seq {
        for file in Directory.EnumerateFiles(dir, "*.txt") do
            yield Path.GetFileName file
    }
    |> Seq.sort
    |> String.concat ","

/// An async expression: the audited calls run in the builder's continuations.
let asyncCopy (dir: string) =
    async {
        let! text = File.ReadAllTextAsync(Path.Combine(dir, "input.txt")) |> Async.AwaitTask
        do! File.WriteAllTextAsync(Path.Combine(dir, "async.txt"), text.ToUpperInvariant()) |> Async.AwaitTask
        return File.ReadAllText(Path.Combine(dir, "async.txt"))
    }
    |> Async.StartAsTask

/// A task expression: compiled to a resumable state machine when optimized.
let taskCopy (dir: string) =
    task {
        use source = File.OpenRead(Path.Combine(dir, "input.txt"))
        use target = File.Create(Path.Combine(dir, "task.txt"))
        do! source.CopyToAsync(target)
        return target.Length
    }

/// Runs `dotnet --version` in the folder and returns what it printed.
let dotnetVersion (dir: string) =
    let info = ProcessStartInfo("dotnet", "--version", RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = dir)
    use proc = Process.Start info
    let output = proc.StandardOutput.ReadToEnd()
    proc.WaitForExit()
    sprintf "exit %d, %s" proc.ExitCode (output.Trim())
