// Activations shared by several shaders.

// tanh without the exp overflow some drivers hit for large |x|.
float safeTanh(float x) {
  const float t = exp(-2.0 * abs(x));
  return sign(x) * (1.0 - t) / (1.0 + t);
}

// gelu_pytorch_tanh: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
float geluTanh(float x) {
  const float k = 0.7978845608028654;
  return 0.5 * x * (1.0 + safeTanh(k * (x + 0.044715 * x * x * x)));
}
