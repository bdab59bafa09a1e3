Imports System.Collections.Generic
Imports System.Diagnostics
Imports System.IO
Imports System.Threading.Tasks
Imports VbFileSystem = Microsoft.VisualBasic.FileIO.FileSystem

''' <summary>Entry points the tests call woven and unwoven. Each takes a folder the test seeded with input.txt and sub/inner.txt.</summary>
Public NotInheritable Class Scenarios
    Private Sub New()
    End Sub

    ''' <summary>A Using block: the reader is disposed in a Finally the compiler writes.</summary>
    Public Shared Function ReadWithUsing(dir As String) As String
        Using reader = File.OpenText(Path.Combine(dir, "input.txt"))
            Return reader.ReadToEnd()
        End Using
    End Function

    ''' <summary>An exception filter whose condition makes an audited call itself.</summary>
    Public Shared Function FilterCallsApi(dir As String) As String
        Try
            Return File.ReadAllText(Path.Combine(dir, "missing.txt"))
        Catch e As FileNotFoundException When File.Exists(Path.Combine(dir, "input.txt"))
            Return "filtered " & Path.GetFileName(e.FileName)
        End Try
    End Function

    ''' <summary>A filter that declines: the exception goes on to the next Catch.</summary>
    Public Shared Function FilterDeclines(dir As String) As String
        Try
            Return File.ReadAllText(Path.Combine(dir, "missing.txt"))
        Catch e As FileNotFoundException When e.FileName.EndsWith("input.txt", StringComparison.Ordinal)
            Return "wrong handler"
        Catch e As IOException
            Return "second handler " & e.GetType().Name
        End Try
    End Function

    ''' <summary>An audited call's exception leaves the method unhandled.</summary>
    Public Shared Function ReadMissing(dir As String) As String
        Return File.ReadAllText(Path.Combine(dir, "missing.txt"))
    End Function

    ''' <summary>Select Case over strings, each case making a different audited call.</summary>
    Public Shared Function SelectCase(dir As String) As String
        Dim results As New List(Of String)
        For Each name In New String() {"input.txt", "sub", "missing.txt", "other"}
            Dim target = Path.Combine(dir, name)
            Select Case name
                Case "input.txt"
                    results.Add(name & " " & New FileInfo(target).Length.ToString(Globalization.CultureInfo.InvariantCulture))
                Case "sub"
                    results.Add(name & " " & Directory.GetFiles(target).Length.ToString(Globalization.CultureInfo.InvariantCulture))
                Case "missing.txt", "absent.txt"
                    results.Add(name & " " & File.Exists(target).ToString())
                Case Else
                    results.Add(name & " " & Directory.Exists(target).ToString())
            End Select
        Next

        Return String.Join(";", results)
    End Function

    ''' <summary>An iterator: the compiler's state machine makes the audited calls as the sequence is enumerated.</summary>
    Public Shared Iterator Function Lines(dir As String) As IEnumerable(Of String)
        For Each file In Directory.GetFiles(dir, "*.txt", SearchOption.AllDirectories)
            Yield Path.GetFileName(file) & ":" & IO.File.ReadAllText(file)
        Next
    End Function

    ''' <summary>Async and Await, with a Using inside the state machine.</summary>
    Public Shared Async Function CopyAsync(dir As String) As Task(Of String)
        Dim text = Await File.ReadAllTextAsync(Path.Combine(dir, "input.txt"))
        Using writer = New StreamWriter(Path.Combine(dir, "async.txt"))
            Await writer.WriteAsync(text.ToUpperInvariant())
        End Using

        Return Await File.ReadAllTextAsync(Path.Combine(dir, "async.txt"))
    End Function

    ''' <summary>A lambda that captures the folder, and AddressOf on an audited method.</summary>
    Public Shared Function Delegates(dir As String) As String
        Dim inFolder = Function(name As String) Path.Combine(dir, name)
        Dim exists As Func(Of String, Boolean) = AddressOf File.Exists
        Dim write As Action(Of String, String) = Sub(name, text) File.WriteAllText(inFolder(name), text)
        write("lambda.txt", "from a lambda")
        Return exists(inFolder("lambda.txt")).ToString() & " " & exists(inFolder("missing.txt")).ToString()
    End Function

    ''' <summary>Microsoft.VisualBasic's own file functions, which its catalog entries cover.</summary>
    Public Shared Function VisualBasicRuntime(dir As String) As String
        Dim target = Path.Combine(dir, "input.txt")
        Dim length = FileLen(target)
        Dim copy = Path.Combine(dir, "copy.txt")
        VbFileSystem.CopyFile(target, copy)
        Kill(copy)
        Return length.ToString(Globalization.CultureInfo.InvariantCulture) & " " & VbFileSystem.FileExists(copy).ToString()
    End Function

    ''' <summary>Runs dotnet --version in the folder and returns what it printed.</summary>
    Public Shared Function DotnetVersion(dir As String) As String
        Dim info As New ProcessStartInfo("dotnet", "--version") With {.RedirectStandardOutput = True, .UseShellExecute = False, .WorkingDirectory = dir}
        Using process = System.Diagnostics.Process.Start(info)
            Dim output = process.StandardOutput.ReadToEnd()
            process.WaitForExit()
            Return "exit " & process.ExitCode.ToString(Globalization.CultureInfo.InvariantCulture) & ", " & output.Trim()
        End Using
    End Function
End Class
