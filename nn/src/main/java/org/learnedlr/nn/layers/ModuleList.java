package org.learnedlr.nn.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.learnedlr.nn.Module;

/**
 * Modules held in order and registered as children "0", "1", ... (PyTorch's nn.ModuleList); it has no forward of
 * its own: its owner decides how to call them.
 */
public final class ModuleList<M extends Module> extends Module implements Iterable<M> {
    private final List<M> modules = new ArrayList<>();

    public ModuleList() {
    }

    public ModuleList(List<? extends M> modules) {
        modules.forEach(this::add);
    }

    /** Appends a module as the next numbered child; returns this. */
    public ModuleList<M> add(M module) {
        modules.add(child(Integer.toString(modules.size()), module));
        return this;
    }

    public M get(int i) {
        return modules.get(i);
    }

    public int size() {
        return modules.size();
    }

    public List<M> asList() {
        return Collections.unmodifiableList(modules);
    }

    @Override
    public Iterator<M> iterator() {
        return asList().iterator();
    }
}
