package org.learnedlr.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.learnedlr.tensor.cpu.simd.SimdSupport;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link MatmulBenchmark} and prints a Markdown table of median GFLOPS per shape and variant, with the ratios
 * the speed goal is stated in (fast path over NumPy, over EJML, over the plain path).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar org.learnedlr.bench.MatmulReport \
 *     [--quick] [--numpy numpy.json] [--shapes 128x128x128,...] [--variants learnedlrSimd,ejml] [--out report.md]
 * </pre>
 * {@code --quick}: one fork, 3 warm-up and 5 measured iterations of 1 s (a few minutes in all); otherwise the
 * benchmark's own settings. {@code --numpy}: the JSON written by bench/python/matmul_numpy.py.
 */
public final class MatmulReport {
    private static final List<String> VARIANTS =
            List.of("learnedlrSimd", "learnedlrSimd1T", "learnedlrPlain", "ejml", "ejmlMt");

    private MatmulReport() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        boolean quick = false;
        Path numpy = null;
        Path out = null;
        String shapes = null;
        List<String> variants = VARIANTS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--numpy" -> numpy = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--shapes" -> shapes = args[++i];
                case "--variants" -> variants = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--quick, --numpy FILE, --out FILE, --shapes A,B, --variants A,B)");
            }
        }
        ChainedOptionsBuilder ob = new OptionsBuilder()
                .include(Pattern.quote(MatmulBenchmark.class.getName()) + "\\.(" + String.join("|", variants) + ")$");
        if (quick) {
            ob.forks(1).warmupIterations(3).measurementIterations(5)
                    .warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1));
        }
        if (shapes != null) {
            ob.param("shape", shapes.split(","));
        }
        Collection<RunResult> results = new Runner(ob.build()).run();

        // shape -> variant -> median microseconds per product
        Map<String, Map<String, Double>> micros = new LinkedHashMap<>();
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            String variant = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1);
            List<Double> scores = new ArrayList<>();
            for (BenchmarkResult br : r.getBenchmarkResults()) {
                for (IterationResult ir : br.getIterationResults()) {
                    scores.add(ir.getPrimaryResult().getScore());
                }
            }
            micros.computeIfAbsent(p.getParam("shape"), s -> new LinkedHashMap<>()).put(variant, median(scores));
        }
        Map<String, Double> numpyGflops = numpy == null ? Map.of() : readNumpy(numpy);
        String table = table(micros, variants, numpyGflops, quick);
        System.out.println(table);
        if (out != null) {
            Files.writeString(out, table, StandardCharsets.UTF_8);
        }
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static double gflops(String shape, double micros) {
        int[] d = MatmulBenchmark.dims(shape);
        return 2.0 * d[0] * d[1] * d[2] / (micros * 1e3);
    }

    private static String table(Map<String, Map<String, Double>> micros, List<String> variants,
                                Map<String, Double> numpy, boolean quick) {
        StringBuilder sb = new StringBuilder();
        sb.append("JDK ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append("; fast path in this JVM: ")
                .append(SimdSupport.describe()).append("; ").append(quick ? "quick mode" : "full mode")
                .append(". Median GFLOPS over the measured iterations (2 M N K / time per product).\n\n");
        sb.append("| shape (MxKxN) |");
        for (String v : variants) {
            sb.append(' ').append(v).append(" |");
        }
        boolean hasNumpy = !numpy.isEmpty();
        if (hasNumpy) {
            sb.append(" numpy |");
        }
        List<String[]> ratios = new ArrayList<>();
        if (hasNumpy) {
            ratios.add(new String[]{"learnedlrSimd", "numpy"});
        }
        for (String[] r : new String[][]{{"learnedlrSimd", "ejml"}, {"learnedlrSimd", "ejmlMt"},
                {"learnedlrSimd", "learnedlrPlain"}}) {
            if (variants.contains(r[0]) && variants.contains(r[1])) {
                ratios.add(r);
            }
        }
        for (String[] r : ratios) {
            sb.append(' ').append(r[0]).append(" / ").append(r[1]).append(" |");
        }
        sb.append('\n').append("|---|");
        sb.append("---:|".repeat(variants.size() + (hasNumpy ? 1 : 0) + ratios.size())).append('\n');
        for (Map.Entry<String, Map<String, Double>> e : micros.entrySet()) {
            String shape = e.getKey();
            Map<String, Double> g = new TreeMap<>();
            e.getValue().forEach((v, us) -> g.put(v, gflops(shape, us)));
            if (numpy.containsKey(shape)) {
                g.put("numpy", numpy.get(shape));
            }
            sb.append("| ").append(shape).append(" |");
            for (String v : variants) {
                sb.append(' ').append(fmt(g.get(v))).append(" |");
            }
            if (hasNumpy) {
                sb.append(' ').append(fmt(g.get("numpy"))).append(" |");
            }
            for (String[] r : ratios) {
                Double x = g.get(r[0]);
                Double y = g.get(r[1]);
                sb.append(' ').append(x == null || y == null ? "-" : String.format(Locale.ROOT, "%.2fx", x / y))
                        .append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    /** shape -> median GFLOPS from matmul_numpy.py's JSON (read with a regex: the format is ours and flat). */
    static Map<String, Double> readNumpy(Path file) throws IOException {
        String json = Files.readString(file, StandardCharsets.UTF_8);
        Map<String, Double> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\"(\\d+x\\d+x\\d+)\"\\s*:\\s*\\{[^}]*?\"gflops_median\"\\s*:\\s*([0-9.eE+-]+)")
                .matcher(json);
        while (m.find()) {
            out.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return out;
    }
}
