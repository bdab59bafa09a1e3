using System.Collections.Generic;
using System.IO;
using AuditWeaver.Fody.Validation;
using AuditWeaver.Tool.Inputs;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AuditWeaver.Tool.Weaving;

/// <summary>
/// Writes a woven module (and its debug symbols, updated, in the form they came in) without ever leaving half a file
/// (staged with the rest of its application, which is committed or discarded together),
/// and says what changed about the assembly besides its call sites: ReadyToRun code dropped, signature state.
/// </summary>
internal static class WovenModuleWriter
{
    internal static IReadOnlyList<string> Write(ModuleDefinition module, InputFile file, string destination, StrongNameKeyFile? key, StagedFiles staged, bool precompileAgain)
    {
        var notices = new List<string>();
        var inspection = file.Inspection.Facts;
        if (inspection.IsReadyToRun)
        {
            // Cecil cannot write ReadyToRun code back (TOOLCHAIN.md); as IL only, the assembly is JIT-compiled instead.
            module.Attributes = (module.Attributes | ModuleAttributes.ILOnly) & ~ModuleAttributes.ILLibrary;
            module.Architecture = TargetArchitecture.I386;
            notices.Add(precompileAgain
                ? "ReadyToRun: its precompiled native code was dropped and it is written back as IL only; the ReadyToRun line below says whether crossgen2 compiled it again."
                : "ReadyToRun: its precompiled native code was dropped and it is written back as IL only, so it is JIT-compiled at run time (slower start-up, same behaviour).");
        }

        byte[]? keyPair = null;
        if (inspection.HasPublicKey)
        {
            var token = StrongNameKeyFile.Token(inspection.PublicKey);
            if (key != null && key.Matches(inspection.PublicKey))
            {
                keyPair = key.KeyPair;
                notices.Add("strong name: identity kept (public key token " + token + ") and re-signed with " + key.Path + ".");
            }
            else if (inspection.IsSigned)
            {
                notices.Add("strong name: identity kept (public key token " + token + "), but its signature is no longer valid: fine on .NET, which does not check it; "
                    + ".NET Framework refuses to load it. " + (key == null
                        ? "Pass --key <snk> with its key pair to re-sign it."
                        : "--key " + key.Path + " is the key of public key token " + key.PublicKeyToken + ", not of this assembly."));
            }
        }

        var parameters = new WriterParameters
        {
            WriteSymbols = module.HasSymbols,
            SymbolWriterProvider = !module.HasSymbols ? null : inspection.HasEmbeddedPdb ? new EmbeddedPortablePdbWriterProvider() : new PortablePdbWriterProvider(),
            StrongNameKeyBlob = keyPair,
        };
        staged.Write(destination, temporary =>
        {
            if (!parameters.WriteSymbols || inspection.HasEmbeddedPdb)
            {
                module.Write(temporary, parameters);
            }
            else
            {
                // Given a file, Cecil names the PDB in the assembly by the full path it wrote it to: here a staging folder
                // with a random name, so no two weaves were alike and a local path leaked into the output. Given a stream,
                // it names the PDB by file name only, which is where debuggers look first anyway.
                using var pdb = File.Create(Path.ChangeExtension(temporary, ".pdb"));
                parameters.SymbolStream = pdb;
                module.Write(temporary, parameters);
            }

            // What is moved into place passes the check its input passed: every body decodes, the PDB matches them.
            if (ImageValidator.Validate(temporary) is { } damage)
            {
                throw new WovenOutputException(damage);
            }
        });
        return notices;
    }
}
