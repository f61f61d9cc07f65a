package org.learnedlr.kernels;

import static org.jocl.CL.CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE;
import static org.jocl.CL.CL_KERNEL_WORK_GROUP_SIZE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_event;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * One compiled kernel and the work-group limits the device reports for it. Launches are built with {@link #args()}
 * and enqueued atomically (argument setting and enqueueing under one lock), so several threads may share a kernel.
 *
 * <p>A kernel keeps its arguments between launches (OpenCL retains them on the kernel object), so a launch sets
 * only the arguments whose values differ from the previous launch's. Setting them was most of a small launch's
 * host cost: on PoCL a {@code clSetKernelArg} through JOCL took about 0.6 us, so a direct product's 17 arguments
 * took 10 of the 16 us needed to issue it, on a two-core machine where that host time is taken from PoCL's workers.
 */
final class ClKernel {
    final String name;
    private final ClRuntime runtime;
    private final cl_kernel kernel;
    /** The largest work-group this kernel may be launched with on this device. */
    final long maxWorkGroupSize;
    /** The work-group size multiple the device prefers for this kernel (the SIMD or warp width). */
    final long preferredMultiple;
    /**
     * What each argument was last set to (see {@link Args#same}); null where it is unknown. Guarded by this
     * kernel's lock, like the arguments themselves.
     */
    private Object[] lastSet = new Object[0];
    /** How many clSetKernelArg calls launches made (tests check what the cache saves). */
    private long argumentsSet;

    ClKernel(ClRuntime runtime, cl_program program, String name) {
        this.runtime = runtime;
        this.name = name;
        try {
            this.kernel = CL.clCreateKernel(program, name, null);
            this.maxWorkGroupSize = info(CL_KERNEL_WORK_GROUP_SIZE);
            this.preferredMultiple = Math.max(1, info(CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE));
        } catch (CLException e) {
            throw new OpenClException("creating kernel '" + name + "': " + e.getMessage(), e);
        }
    }

    private long info(int param) {
        long[] v = new long[1];
        CL.clGetKernelWorkGroupInfo(kernel, runtime.device, param, Sizeof.size_t, Pointer.to(v), null);
        return v[0];
    }

    /**
     * A 1-d work-group size for this kernel: {@code wanted} capped by the kernel's limit, rounded down to the
     * preferred multiple where that is possible.
     */
    int groupSize(int wanted) {
        long g = Math.min(wanted, maxWorkGroupSize);
        if (g >= preferredMultiple) {
            g -= g % preferredMultiple;
        }
        return (int) Math.max(1, g);
    }

    /** How many arguments launches of this kernel have set so far (those equal to the previous launch's are not). */
    synchronized long argumentsSet() {
        return argumentsSet;
    }

    Args args() {
        return new Args();
    }

    /** The arguments of one launch, in order. */
    final class Args {
        private final List<Pointer> values = new ArrayList<>();
        private final List<Long> sizes = new ArrayList<>();
        /** Each argument's value in comparable form: the cl_mem object, a boxed number or an int[]. */
        private final List<Object> keys = new ArrayList<>();

        private Args add(Pointer value, long size, Object key) {
            values.add(value);
            sizes.add(size);
            keys.add(key);
            return this;
        }

        Args mem(cl_mem m) {
            return add(Pointer.to(m), Sizeof.cl_mem, m);
        }

        Args mem(ClStorage s) {
            return mem(s.mem());
        }

        Args i(int v) {
            return add(Pointer.to(new int[]{v}), Sizeof.cl_int, v);
        }

        Args f(float v) {
            // Float.equals compares bits: -0.0f differs from 0.0f and NaN equals NaN, as the kernel sees them.
            return add(Pointer.to(new float[]{v}), Sizeof.cl_float, v);
        }

        /** A struct or vector of ints passed by value (int4, conv_t). */
        Args ints(int... v) {
            int[] copy = v.clone();
            return add(Pointer.to(copy), (long) copy.length * Sizeof.cl_int, copy);
        }

        /** A {@code layout_t} struct passed by value (see common.cl). */
        Args layout(Layout l) {
            int[] packed = l.packed();
            return add(Pointer.to(packed), (long) packed.length * Sizeof.cl_int, packed);
        }

        /** A {@code __local} buffer of {@code bytes} bytes. */
        Args local(long bytes) {
            return add(null, bytes, new LocalBytes(bytes));
        }

        /**
         * Whether argument i already holds key: the same cl_mem object (identity, not the handle's address: a
         * buffer released and another allocated at its address must be set again), or an equal value.
         */
        private boolean same(int i, Object key) {
            Object last = i < lastSet.length ? lastSet[i] : null;
            if (last == null || key instanceof cl_mem) {
                return last == key;
            }
            return key instanceof int[] ints ? last instanceof int[] l && Arrays.equals(l, ints) : key.equals(last);
        }

        /** One work-item per element of [0, n), in work-groups of (up to) {@code group}; kernels guard i < n. */
        void run1d(long n, int group) {
            if (n <= 0) {
                return;
            }
            long g = groupSize(group);
            run(new long[]{roundUp(n, g)}, new long[]{g});
        }

        void run(long[] global, long[] local) {
            synchronized (ClKernel.this) {
                try {
                    if (lastSet.length < values.size()) {
                        lastSet = Arrays.copyOf(lastSet, values.size());
                    }
                    for (int i = 0; i < values.size(); i++) {
                        Object key = keys.get(i);
                        if (!same(i, key)) {
                            lastSet[i] = null; // unknown until the call succeeds
                            CL.clSetKernelArg(kernel, i, sizes.get(i), values.get(i));
                            lastSet[i] = key;
                            argumentsSet++;
                        }
                    }
                    KernelProfile profile = runtime.profile;
                    cl_event event = profile == null ? null : new cl_event();
                    CL.clEnqueueNDRangeKernel(runtime.queue, kernel, global.length, null, global, local, 0, null,
                            event);
                    if (profile != null) {
                        profile.record(name, global, event);
                    }
                } catch (CLException e) {
                    throw new OpenClException("kernel '" + name + "' failed to launch with global size "
                            + Arrays.toString(global) + " and work-group size " + Arrays.toString(local) + ": "
                            + e.getMessage(), e);
                }
            }
        }
    }

    /** A {@code __local} argument's size, as a key distinct from an int argument of the same value. */
    private record LocalBytes(long bytes) {
    }

    static long roundUp(long n, long multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }
}
