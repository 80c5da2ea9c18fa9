using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/ReleaseTrain.Benchmarks -- --filter '*' --job short
// (eng/bench.sh runs this with the other measurements; docs/performance.md records the figures.)
// "make-json PATH BYTES" writes the synthetic JSON the benchmarks use, for the command-line comparisons.
if (args is ["make-json", var path, var bytes])
{
    File.WriteAllBytes(path, ReleaseTrain.Benchmarks.Data.Json(int.Parse(bytes, System.Globalization.CultureInfo.InvariantCulture)));
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(ReleaseTrain.Benchmarks.Data).Assembly).Run(args);
return 0;
