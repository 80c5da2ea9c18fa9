using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReleaseTrain.Tests;

/// <summary>
/// Holds the layers of src/Core (docs/architecture.md, "Layers"): a folder may use only the folders this table allows.
/// Edges are found by the C# compiler's semantic model over every source file of Core, so a <c>using</c> line, a fully
/// qualified name (<c>ReleaseTrain.Core.Validators.X</c>) and a partially qualified one (<c>Validators.X</c>, which
/// the enclosing <c>ReleaseTrain.Core</c> namespace makes legal without any <c>using</c>) all count.
/// </summary>
public sealed class LayerTests
{
    /// <summary>
    /// Each Core folder and the folders it may use. Adding an edge here is a design decision: say why.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>
    {
        ["Diagnostics"] = [],
        ["Json"] = ["Diagnostics"],
        ["Time"] = ["Diagnostics"],
        ["IO"] = ["Diagnostics", "Json"],
        ["Schema"] = ["Diagnostics", "Json", "IO"],
        ["Rules"] = ["Diagnostics", "Json", "Time", "IO", "Schema"],
        ["Config"] = ["Diagnostics", "Json", "Time", "IO", "Schema", "Rules"],
        // Validators use Evidence: the promotion gate recomputes the evidence hashes and verifies the bundle.
        ["Validators"] = ["Diagnostics", "Json", "Time", "IO", "Schema", "Config", "Evidence"],
        ["Contracts"] = ["Diagnostics", "Json", "Time", "IO", "Schema", "Rules", "Config", "Validators"],
        ["Evidence"] = ["Diagnostics", "Json", "Time", "IO", "Schema", "Config"],
        ["Freeze"] = ["Diagnostics", "Json", "Time", "IO", "Schema", "Config"],
        ["SignOff"] = ["Diagnostics", "Json", "Time", "IO", "Schema", "Config"],
        ["Release"] =
        [
            "Diagnostics",
            "Json",
            "Time",
            "IO",
            "Schema",
            "Config",
            "Validators",
            "Contracts",
            "Evidence",
            "Freeze",
            "SignOff",
        ],
        ["Reporting"] =
        [
            "Diagnostics",
            "Json",
            "Time",
            "IO",
            "Schema",
            "Config",
            "Validators",
            "Contracts",
            "Evidence",
            "Freeze",
            "SignOff",
            "Release",
        ],
    };

    private static readonly Lazy<CoreScan> Scan = new(() => CoreScan.Of(TestPaths.InRepo("src", "Core")));

    [Fact]
    public void Every_core_folder_uses_only_the_layers_its_row_allows()
    {
        var scan = Scan.Value;
        var back = scan
            .Edges.Where(e => !Allowed.TryGetValue(e.From, out var to) || !to.Contains(e.To))
            .Select(e => e.ToString())
            .ToList();
        Assert.True(back.Count == 0, "Edges the layer table does not allow:\n" + string.Join("\n", back));
    }

    [Fact]
    public void The_allowed_edges_have_no_cycle_and_name_every_folder_of_core()
    {
        var folders = Directory
            .GetDirectories(TestPaths.InRepo("src", "Core"))
            .Where(dir => Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories).Any())
            .Select(dir => Path.GetFileName(dir)!)
            .Where(name => name is not ("bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(folders, Allowed.Keys.Order(StringComparer.Ordinal).ToList());

        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        void Visit(string folder, Stack<string> path)
        {
            state.TryGetValue(folder, out var s);
            Assert.True(s != 1, "cycle: " + string.Join(" -> ", path.Reverse().Append(folder)));
            if (s == 2)
            {
                return;
            }

            state[folder] = 1;
            path.Push(folder);
            foreach (var next in Allowed[folder])
            {
                Visit(next, path);
            }

            path.Pop();
            state[folder] = 2;
        }

        foreach (var folder in Allowed.Keys)
        {
            Visit(folder, new Stack<string>());
        }
    }

    [Fact]
    public void Every_core_file_declares_the_namespace_of_its_folder()
    {
        var wrong = Scan
            // A file in a subfolder may also declare the subfolder's own namespace (Evidence/Signing:
            // ReleaseTrain.Core.Evidence.Signing); its layer is still its top folder's.
            .Value.Files.Where(f =>
                f.Namespace != "ReleaseTrain.Core." + f.Folder
                && f.Namespace
                    != "ReleaseTrain.Core." + Path.GetDirectoryName(f.Path)!.Replace(Path.DirectorySeparatorChar, '.')
            )
            .Select(f => $"{f.Path}: namespace {f.Namespace}")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Each_kind_of_reference_to_a_higher_layer_is_found()
    {
        // A copy of Core with one back edge of each kind added to Json (the lowest layer but Diagnostics).
        using var temp = new TempDirectory("rt-layers");
        var copy = Path.Combine(temp.Path, "Core");
        foreach (
            var file in Directory.EnumerateFiles(TestPaths.InRepo("src", "Core"), "*.cs", SearchOption.AllDirectories)
        )
        {
            var relative = Path.GetRelativePath(TestPaths.InRepo("src", "Core"), file);
            if (
                relative.StartsWith("bin", StringComparison.Ordinal)
                || relative.StartsWith("obj", StringComparison.Ordinal)
            )
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(copy, relative))!);
            File.Copy(file, Path.Combine(copy, relative));
        }

        File.WriteAllText(
            Path.Combine(copy, "Json", "BackEdges.cs"),
            """
            using ReleaseTrain.Core.Freeze;

            namespace ReleaseTrain.Core.Json;

            /// <summary>Beside <see cref="Evidence.EvidenceBundle"/>.</summary>
            internal static class BackEdges
            {
                public static string Partial => Validators.ValidatorKinds.Rules;

                public static string Full => typeof(global::ReleaseTrain.Core.Release.NoCutDecision).Name;

                public static Type Generic => typeof(List<ReleaseTrain.Core.SignOff.SignOffVerdict>);
            }
            """
        );

        var edges = CoreScan.Of(copy).Edges.Where(e => e.From == "Json").Select(e => e.To).ToHashSet();
        Assert.Contains("Freeze", edges);
        Assert.Contains("Validators", edges);
        Assert.Contains("Release", edges);
        Assert.Contains("SignOff", edges);
        Assert.Contains("Evidence", edges);
    }

    /// <summary>The folder-to-folder references of Core's sources, as the compiler binds them.</summary>
    internal sealed record CoreScan(IReadOnlyList<CoreScan.SourceFile> Files, IReadOnlyList<CoreScan.Edge> Edges)
    {
        internal sealed record SourceFile(string Path, string Folder, string Namespace);

        internal sealed record Edge(string From, string To, string File, int Line, string Text)
        {
            public override string ToString() => $"{From} -> {To}: {File}:{Line} {Text}";
        }

        public static CoreScan Of(string coreDirectory)
        {
            var trees = Directory
                .EnumerateFiles(coreDirectory, "*.cs", SearchOption.AllDirectories)
                .Where(f => !IsBuildOutput(Path.GetRelativePath(coreDirectory, f)))
                .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), CSharpParseOptions.Default, f))
                .Append(
                    CSharpSyntaxTree.ParseText(
                        """
                        global using System;
                        global using System.Collections.Generic;
                        global using System.IO;
                        global using System.Linq;
                        global using System.Net.Http;
                        global using System.Threading;
                        global using System.Threading.Tasks;
                        """
                    )
                )
                .ToList();
            var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                .Split(Path.PathSeparator)
                .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
                .Where(f => !Path.GetFileName(f).StartsWith("ReleaseTrain.", StringComparison.Ordinal))
                .DistinctBy(Path.GetFileName)
                .Select(f => MetadataReference.CreateFromFile(f));
            var compilation = CSharpCompilation.Create(
                "LayerScan",
                trees,
                references,
                new CSharpCompilationOptions(
                    OutputKind.DynamicallyLinkedLibrary,
                    nullableContextOptions: NullableContextOptions.Enable
                )
            );
            // CS8795: the implementation parts of [GeneratedRegex] methods come from a source generator, not run here.
            var errors = compilation
                .GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS8795")
                .Take(10)
                .ToList();
            if (errors.Count > 0)
            {
                // An unbound name could hide an edge: the scan fails closed.
                throw new InvalidOperationException(
                    "Core does not compile for the layer scan:\n" + string.Join("\n", errors)
                );
            }

            var files = new List<SourceFile>();
            var edges = new List<Edge>();
            foreach (var tree in trees.Where(t => t.FilePath.Length > 0))
            {
                var relative = Path.GetRelativePath(coreDirectory, tree.FilePath);
                var folder = relative.Split(Path.DirectorySeparatorChar)[0];
                var root = tree.GetCompilationUnitRoot();
                // Every namespace the file declares (a second block would hide a type of another layer here).
                var ns = string.Join(
                    "; ",
                    root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Select(n => n.Name.ToString())
                );
                files.Add(new SourceFile(relative, folder, ns));
                var model = compilation.GetSemanticModel(tree);
                void Add(string? target, SyntaxNode at)
                {
                    var to = FolderOf(target);
                    if (to is not null && to != folder)
                    {
                        var line = at.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                        edges.Add(new Edge(folder, to, relative, line, at.ToString()));
                    }
                }

                foreach (var directive in root.DescendantNodes().OfType<UsingDirectiveSyntax>())
                {
                    Add(
                        directive
                            .NamespaceOrType.ToString()
                            .Replace("global::", string.Empty, StringComparison.Ordinal),
                        directive
                    );
                }

                foreach (var name in root.DescendantNodes(descendIntoTrivia: true).OfType<SimpleNameSyntax>())
                {
                    var info = model.GetSymbolInfo(name);
                    var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
                    Add(NamespaceOf(symbol), name);
                }
            }

            return new CoreScan(files, edges.DistinctBy(e => (e.From, e.To, e.File, e.Line)).ToList());
        }

        private static bool IsBuildOutput(string relative) =>
            relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal);

        private static string? NamespaceOf(ISymbol? symbol) =>
            symbol switch
            {
                null => null,
                INamespaceSymbol ns => ns.ToDisplayString(),
                INamedTypeSymbol type => type.ContainingNamespace?.ToDisplayString(),
                _ => symbol.ContainingType?.ContainingNamespace?.ToDisplayString()
                    ?? symbol.ContainingNamespace?.ToDisplayString(),
            };

        private static string? FolderOf(string? ns)
        {
            const string Prefix = "ReleaseTrain.Core.";
            if (ns is null || !ns.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return null;
            }

            var rest = ns[Prefix.Length..];
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            return dot < 0 ? rest : rest[..dot];
        }
    }
}
