// fenrir-attack: compile-time bomb: each instantiation of T<N, K> needs two distinct ones of T<N - 1, ...>, so T<30, 0> asks g++ for 2^31 class instantiations; the compile step's own limits (CPU 20 s, memory 1024 MiB, wall 30 s) stop g++ and the job is a COMPILE_ERROR
// expect-verdict: COMPILE_ERROR
// limits: cpuMs=1000 wallMs=2000 memoryMb=64
template <int N, int K>
struct T {
    enum : long { value = T<N - 1, 2 * K>::value + T<N - 1, 2 * K + 1>::value };
};

template <int K>
struct T<0, K> {
    enum : long { value = 1 };
};

int main() {
    return T<30, 0>::value == 0;
}
