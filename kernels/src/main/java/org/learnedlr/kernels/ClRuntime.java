package org.learnedlr.kernels;

import static org.jocl.CL.CL_BUILD_PROGRAM_FAILURE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ACCELERATOR;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.CL_TRUE;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;

/**
 * The process-wide OpenCL state: one device, one context, one in-order command queue, and the programs built for
 * them (each built once, on first use, and cached). Every call into the OpenCL runtime that can fail goes through
 * here or {@link ClKernel}, so that failures become {@link OpenClException}s that say what was being done.
 *
 * <p>The device is the first GPU, else the first accelerator, else the first CPU device of any platform. The
 * system property {@code learnedlr.opencl.device} (a case-insensitive substring of the device name) overrides that.
 */
final class ClRuntime {
    static final String DEVICE_PROPERTY = "learnedlr.opencl.device";
    /** {@code -Dlearnedlr.opencl.profile=true}: a profiling queue, for {@link OpenClBackend#profile}. */
    static final String PROFILE_PROPERTY = "learnedlr.opencl.profile";
    private static final String RESOURCES = "/org/learnedlr/kernels/";

    private static volatile ClRuntime shared;

    final cl_device_id device;
    final cl_context context;
    final cl_command_queue queue;
    final String deviceName;
    final String deviceVersion;
    final long deviceType;
    final int computeUnits;
    final long maxWorkGroupSize;
    final TransferCounter transfers = new TransferCounter();
    /** Set by {@link #PROFILE_PROPERTY}: the queue records each command's start and end time. */
    final boolean profilingQueue = Boolean.getBoolean(PROFILE_PROPERTY);
    /** Where launches record their events while a profile is being taken; null otherwise. */
    volatile KernelProfile profile;

    /**
     * Released buffers kept for reuse: an eighth of the device's memory, between 256 MiB and 2 GiB, unless
     * {@code -Dlearnedlr.opencl.poolBytes} says otherwise. A ResNet-18 step at batch 128 frees more than 256 MiB of
     * temporaries; what the pool could not keep was allocated afresh the next step, and on a CPU device a fresh
     * buffer pays a page fault per 4 KiB on first touch (a dense add of 1.6 M floats: 10 ms instead of 1).
     */
    final BufferPool pool;
    private final Map<String, cl_program> programs = new ConcurrentHashMap<>();
    private final Map<String, ClKernel> kernels = new ConcurrentHashMap<>();
    private final String common;

    private ClRuntime(cl_platform_id platform, cl_device_id device) {
        this.device = device;
        this.deviceName = deviceString(device, CL_DEVICE_NAME).trim();
        this.deviceVersion = deviceString(device, CL_DEVICE_VERSION).trim();
        this.deviceType = deviceLong(device, CL_DEVICE_TYPE, Sizeof.cl_long);
        this.computeUnits = (int) deviceLong(device, CL_DEVICE_MAX_COMPUTE_UNITS, Sizeof.cl_uint);
        this.maxWorkGroupSize = deviceLong(device, CL_DEVICE_MAX_WORK_GROUP_SIZE, Sizeof.size_t);
        long memory = deviceLong(device, CL.CL_DEVICE_GLOBAL_MEM_SIZE, Sizeof.cl_ulong);
        this.pool = new BufferPool(Long.getLong("learnedlr.opencl.poolBytes",
                Math.max(256L << 20, Math.min(2L << 30, memory / 8))));
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL.CL_CONTEXT_PLATFORM, platform);
        try {
            this.context = CL.clCreateContext(props, 1, new cl_device_id[]{device}, null, null, null);
            this.queue = createQueue(context, device, profilingQueue);
        } catch (CLException e) {
            throw new OpenClException("creating a context and queue on " + deviceName + ": " + e.getMessage(), e);
        }
        this.common = resource("common.cl");
    }

    @SuppressWarnings("deprecation")
    private static cl_command_queue createQueue(cl_context context, cl_device_id device, boolean profiling) {
        // clCreateCommandQueue is deprecated from OpenCL 2.0 on but still present everywhere, and the only way on 1.2.
        return CL.clCreateCommandQueue(context, device, profiling ? CL.CL_QUEUE_PROFILING_ENABLE : 0, null);
    }

    /** The shared runtime, created on first use. Throws when there is no OpenCL device. */
    static ClRuntime shared() {
        ClRuntime r = shared;
        if (r == null) {
            synchronized (ClRuntime.class) {
                r = shared;
                if (r == null) {
                    CL.setExceptionsEnabled(true);
                    Choice c = chooseDevice();
                    if (c == null) {
                        throw new OpenClException("no OpenCL device found");
                    }
                    r = new ClRuntime(c.platform, c.device);
                    shared = r;
                }
            }
        }
        return r;
    }

    private record Choice(cl_platform_id platform, cl_device_id device, long type, String name) {
    }

    /** The preferred device of all platforms, or null when there is none. May throw if the library cannot load. */
    static Choice chooseDevice() {
        CL.setExceptionsEnabled(true);
        int[] count = new int[1];
        try {
            CL.clGetPlatformIDs(0, null, count);
        } catch (CLException e) {
            return null; // CL_PLATFORM_NOT_FOUND_KHR from the ICD loader when no platform is installed.
        }
        if (count[0] == 0) {
            return null;
        }
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        CL.clGetPlatformIDs(platforms.length, platforms, null);
        List<Choice> all = new ArrayList<>();
        for (cl_platform_id p : platforms) {
            int[] n = new int[1];
            try {
                CL.clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, n);
            } catch (CLException e) {
                continue; // CL_DEVICE_NOT_FOUND
            }
            cl_device_id[] devices = new cl_device_id[n[0]];
            CL.clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, n[0], devices, null);
            for (cl_device_id d : devices) {
                all.add(new Choice(p, d, deviceLong(d, CL_DEVICE_TYPE, Sizeof.cl_long), deviceString(d, CL_DEVICE_NAME)));
            }
        }
        String wanted = System.getProperty(DEVICE_PROPERTY);
        if (wanted != null && !wanted.isBlank()) {
            for (Choice c : all) {
                if (c.name.toLowerCase(java.util.Locale.ROOT).contains(wanted.trim().toLowerCase(java.util.Locale.ROOT))) {
                    return c;
                }
            }
        }
        for (long type : new long[]{CL_DEVICE_TYPE_GPU, CL_DEVICE_TYPE_ACCELERATOR, CL_DEVICE_TYPE_CPU}) {
            for (Choice c : all) {
                if ((c.type & type) != 0) {
                    return c;
                }
            }
        }
        return all.isEmpty() ? null : all.get(0);
    }

    boolean isGpu() {
        return (deviceType & CL_DEVICE_TYPE_GPU) != 0;
    }

    // ---- programs and kernels ------------------------------------------------------------------------------------

    /** The kernel {@code name} of program {@code program} (a resource {@code program.cl}), built on first use. */
    ClKernel kernel(String program, String name) {
        String key = program + "/" + name;
        ClKernel k = kernels.get(key);
        if (k == null) {
            k = kernels.computeIfAbsent(key, unused -> new ClKernel(this, program(program), name));
        }
        return k;
    }

    private cl_program program(String name) {
        cl_program p = programs.get(name);
        if (p != null) {
            return p;
        }
        synchronized (programs) {
            p = programs.get(name);
            if (p == null) {
                p = build(name, common + "\n" + resource(name + ".cl"));
                programs.put(name, p);
            }
            return p;
        }
    }

    /** Builds a program from source (not cached); the path every program takes, open to tests. */
    cl_program build(String name, String source) {
        cl_program program;
        try {
            program = CL.clCreateProgramWithSource(context, 1, new String[]{source}, null, null);
        } catch (CLException e) {
            throw new OpenClException("creating program '" + name + "': " + e.getMessage(), e);
        }
        try {
            CL.clBuildProgram(program, 1, new cl_device_id[]{device}, "", null, null);
        } catch (CLException e) {
            String log = buildLog(program);
            String what = e.getStatus() == CL_BUILD_PROGRAM_FAILURE ? "failed" : "failed (" + e.getMessage() + ")";
            throw new OpenClException("building program '" + name + "' " + what + " on " + deviceName
                    + "; build log:\n" + log, e);
        }
        return program;
    }

    private String buildLog(cl_program program) {
        try {
            long[] size = new long[1];
            CL.clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] log = new byte[(int) size[0]];
            CL.clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
            return new String(log, StandardCharsets.UTF_8).trim();
        } catch (CLException e) {
            return "(no build log: " + e.getMessage() + ")";
        }
    }

    private static String resource(String file) {
        try (InputStream in = ClRuntime.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new OpenClException("kernel source " + file + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OpenClException("reading kernel source " + file, e);
        }
    }

    // ---- buffers -------------------------------------------------------------------------------------------------

    /** An uninitialised device buffer of {@code bytes} bytes (at least 4: OpenCL rejects empty buffers). */
    cl_mem createBuffer(long bytes, String what) {
        try {
            return CL.clCreateBuffer(context, CL_MEM_READ_WRITE, Math.max(4, bytes), null, null);
        } catch (CLException e) {
            pool.trim(0); // give cached buffers back to the device and try once more
            try {
                return CL.clCreateBuffer(context, CL_MEM_READ_WRITE, Math.max(4, bytes), null, null);
            } catch (CLException again) {
                throw new OpenClException("allocating " + bytes + " bytes on " + deviceName + " for " + what + ": "
                        + again.getMessage(), again);
            }
        }
    }

    /**
     * An uninitialised buffer of at least {@code bytes} bytes, reused from the pool when one of that size was
     * given back. Reuse is safe because every command goes through one in-order queue: whatever a later kernel
     * writes into a recycled buffer is written after every earlier command that used it has run.
     */
    cl_mem acquire(long bytes, String what) {
        long size = BufferPool.sizeClass(bytes);
        cl_mem m = pool.take(size);
        return m != null ? m : createBuffer(size, what);
    }

    /** Gives a buffer obtained from {@link #acquire} back for reuse (or releases it when the pool is full). */
    void recycle(cl_mem mem, long bytes) {
        pool.give(mem, BufferPool.sizeClass(bytes));
    }

    /**
     * A device buffer initialised from host memory at creation. Nothing is enqueued, so this neither waits for
     * the queue nor stalls it; the host data is copied before the call returns.
     */
    cl_mem createBuffer(Pointer host, long bytes, String what) {
        if (bytes == 0) {
            return createBuffer(0, what);
        }
        try {
            cl_mem m = CL.clCreateBuffer(context, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, bytes, host, null);
            transfers.hostToDevice(bytes);
            return m;
        } catch (CLException e) {
            throw new OpenClException("uploading " + bytes + " bytes to " + deviceName + " for " + what + ": "
                    + e.getMessage(), e);
        }
    }

    /** Blocking read of {@code bytes} bytes at byte offset {@code offset} into host memory. */
    void read(cl_mem mem, long offset, long bytes, Pointer host) {
        if (bytes == 0) {
            return;
        }
        try {
            CL.clEnqueueReadBuffer(queue, mem, CL_TRUE, offset, bytes, host, 0, null, null);
            transfers.deviceToHost(bytes);
        } catch (CLException e) {
            throw new OpenClException("reading " + bytes + " bytes at offset " + offset + " from " + deviceName
                    + ": " + e.getMessage(), e);
        }
    }

    /** Waits until every enqueued command has finished. */
    void finish() {
        try {
            CL.clFinish(queue);
        } catch (CLException e) {
            throw new OpenClException("waiting for the queue on " + deviceName + ": " + e.getMessage(), e);
        }
    }

    static void release(cl_mem mem) {
        try {
            CL.clReleaseMemObject(mem);
        } catch (CLException e) {
            // Releasing can only fail for an invalid object; nothing useful can be done in a cleaner.
        }
    }

    // ---- device queries ------------------------------------------------------------------------------------------

    private static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(d, param, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        CL.clGetDeviceInfo(d, param, b.length, Pointer.to(b), null);
        int end = b.length;
        while (end > 0 && b[end - 1] == 0) {
            end--;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    static long deviceLong(cl_device_id d, int param, int size) {
        if (size == Sizeof.cl_uint) {
            int[] v = new int[1];
            CL.clGetDeviceInfo(d, param, size, Pointer.to(v), null);
            return v[0] & 0xffffffffL;
        }
        long[] v = new long[1];
        CL.clGetDeviceInfo(d, param, size, Pointer.to(v), null);
        return v[0];
    }

    @Override
    public String toString() {
        return deviceName + " (" + deviceVersion + ", " + computeUnits + " compute units)";
    }
}
