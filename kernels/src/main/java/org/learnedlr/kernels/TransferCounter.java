package org.learnedlr.kernels;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the copies between the host and the device: calls and bytes, in each direction. A training step on the
 * device should copy only its mini-batch in and a few scalars out (DESIGN.md section 2); tests assert that with a
 * {@link #snapshot()} before and after. Kernel launches, fills and device-to-device copies are not counted: they move
 * nothing across the bus.
 */
public final class TransferCounter {
    private final AtomicLong inCalls = new AtomicLong();
    private final AtomicLong inBytes = new AtomicLong();
    private final AtomicLong outCalls = new AtomicLong();
    private final AtomicLong outBytes = new AtomicLong();

    /** The counts at one moment; {@link #minus} gives the copies made between two moments. */
    public record Snapshot(long hostToDeviceCalls, long hostToDeviceBytes, long deviceToHostCalls,
                           long deviceToHostBytes) {
        public Snapshot minus(Snapshot earlier) {
            return new Snapshot(hostToDeviceCalls - earlier.hostToDeviceCalls,
                    hostToDeviceBytes - earlier.hostToDeviceBytes,
                    deviceToHostCalls - earlier.deviceToHostCalls,
                    deviceToHostBytes - earlier.deviceToHostBytes);
        }
    }

    void hostToDevice(long bytes) {
        inCalls.incrementAndGet();
        inBytes.addAndGet(bytes);
    }

    void deviceToHost(long bytes) {
        outCalls.incrementAndGet();
        outBytes.addAndGet(bytes);
    }

    public long hostToDeviceCalls() {
        return inCalls.get();
    }

    public long hostToDeviceBytes() {
        return inBytes.get();
    }

    public long deviceToHostCalls() {
        return outCalls.get();
    }

    public long deviceToHostBytes() {
        return outBytes.get();
    }

    public Snapshot snapshot() {
        return new Snapshot(inCalls.get(), inBytes.get(), outCalls.get(), outBytes.get());
    }

    @Override
    public String toString() {
        return "TransferCounter(in: " + inCalls.get() + " calls, " + inBytes.get() + " B; out: " + outCalls.get()
                + " calls, " + outBytes.get() + " B)";
    }
}
