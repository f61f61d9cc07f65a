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
 */
final class ClKernel {
    final String name;
    private final ClRuntime runtime;
    private final cl_kernel kernel;
    /** The largest work-group this kernel may be launched with on this device. */
    final long maxWorkGroupSize;
    /** The work-group size multiple the device prefers for this kernel (the SIMD or warp width). */
    final long preferredMultiple;

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

    Args args() {
        return new Args();
    }

    /** The arguments of one launch, in order. */
    final class Args {
        private final List<Pointer> values = new ArrayList<>();
        private final List<Long> sizes = new ArrayList<>();

        Args mem(cl_mem m) {
            values.add(Pointer.to(m));
            sizes.add((long) Sizeof.cl_mem);
            return this;
        }

        Args mem(ClStorage s) {
            return mem(s.mem());
        }

        Args i(int v) {
            values.add(Pointer.to(new int[]{v}));
            sizes.add((long) Sizeof.cl_int);
            return this;
        }

        Args f(float v) {
            values.add(Pointer.to(new float[]{v}));
            sizes.add((long) Sizeof.cl_float);
            return this;
        }

        /** A struct or vector of ints passed by value (int4, conv_t). */
        Args ints(int... v) {
            values.add(Pointer.to(v.clone()));
            sizes.add((long) v.length * Sizeof.cl_int);
            return this;
        }

        /** A {@code layout_t} struct passed by value (see common.cl). */
        Args layout(Layout l) {
            int[] packed = l.packed();
            values.add(Pointer.to(packed));
            sizes.add((long) packed.length * Sizeof.cl_int);
            return this;
        }

        /** A {@code __local} buffer of {@code bytes} bytes. */
        Args local(long bytes) {
            values.add(null);
            sizes.add(bytes);
            return this;
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
                    for (int i = 0; i < values.size(); i++) {
                        CL.clSetKernelArg(kernel, i, sizes.get(i), values.get(i));
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

    static long roundUp(long n, long multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }
}
