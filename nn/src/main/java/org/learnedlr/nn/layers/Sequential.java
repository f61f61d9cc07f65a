package org.learnedlr.nn.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Layer;

/** Layers applied in order, registered as children "0", "1", ... (PyTorch's nn.Sequential). */
public final class Sequential extends Layer {
    private final List<Layer> layers = new ArrayList<>();

    public Sequential(Layer... layers) {
        for (Layer l : layers) {
            add(l);
        }
    }

    public Sequential(List<? extends Layer> layers) {
        layers.forEach(this::add);
    }

    /** Appends a layer as the next numbered child; returns this. */
    public Sequential add(Layer layer) {
        layers.add(child(Integer.toString(layers.size()), layer));
        return this;
    }

    /** The i-th layer. */
    public Layer get(int i) {
        return layers.get(i);
    }

    public int size() {
        return layers.size();
    }

    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** x -> layer_{n-1}(... layer_0(x)). */
    @Override
    public Var forward(Var x) {
        Var y = x;
        for (Layer l : layers) {
            y = l.forward(y);
        }
        return y;
    }
}
