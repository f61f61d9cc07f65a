/**
 * The trainees: {@link org.learnedlr.nn.models.Mlp} (784-256-10) and {@link org.learnedlr.nn.models.ResNet18}
 * (torchvision's names, parameter count and initialisation, for 1x28x28 inputs). Their state dicts load into the
 * PyTorch classes documented on each.
 */
package org.learnedlr.nn.models;
