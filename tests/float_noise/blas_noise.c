/* Float-noise guard: numpy's BLAS products summed in another order, as another
 * CPU's BLAS kernel sums them.
 *
 * Built by tests/float_noise/guard.py and loaded with LD_PRELOAD into the
 * kernels that re-run the chapters. Each function below has the name that
 * numpy's extension module imports (a wheel's OpenBLAS adds a prefix and a
 * suffix, e.g. scipy_cblas_dgemm64_, passed in at compile time). It splits the
 * product's inner dimension in two, has the real BLAS (the library named by
 * $FLOAT_NOISE_BLAS_LIBRARY) compute each half, and adds the halves:
 *
 *     C = A[:, :h] B[:h, :]  +  A[:, h:] B[h:, :]
 *
 * That is the same product with its sums bracketed differently, which is all
 * that changes between kernels (AVX2 or AVX-512 blocking, FMA or not): results
 * that are exact (small integers, say) stay exact on every CPU and here too,
 * and the others move by a unit or so in the last place.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef BLAS_INT
#define BLAS_INT int64_t
#endif
#define CAT3(a, b, c) a##b##c
#define NAME3(a, b, c) CAT3(a, b, c)
#define BLAS_NAME(f) NAME3(BLAS_PREFIX, f, BLAS_SUFFIX)
#define STR2(x) #x
#define STR(x) STR2(x)

typedef BLAS_INT blasint;
enum { ROW_MAJOR = 101, NO_TRANS = 111 };

static void *real_function(const char *name) {
    static void *library;
    const char *path = getenv("FLOAT_NOISE_BLAS_LIBRARY");
    if (!library && path) library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    void *f = library ? dlsym(library, name) : NULL;
    if (!f) {
        fprintf(stderr, "float-noise guard: cannot find %s in %s\n", name,
                path ? path : "(FLOAT_NOISE_BLAS_LIBRARY unset)");
        abort();
    }
    return f;
}

#define REAL(f) static f##_t real;                                   \
                if (!real) real = (f##_t)real_function(__func__)

/* Distance in memory between consecutive entries along the inner dimension of
 * op(A) (M x K), of op(B) (K x N), or of the one matrix of syrk / gemv. */
static blasint inner_stride(int order, int trans, int inner_is_column, blasint ld) {
    int row_major = order == ROW_MAJOR, transposed = trans != NO_TRANS;
    /* in row-major storage consecutive columns are adjacent */
    int along_columns = inner_is_column != transposed;
    return along_columns == row_major ? 1 : ld;
}

#define GEMM(p, type)                                                                         \
    typedef void (*p##gemm_t)(int, int, int, blasint, blasint, blasint, type, const type *,  \
                              blasint, const type *, blasint, type, type *, blasint);        \
    void BLAS_NAME(cblas_##p##gemm)(int order, int ta, int tb, blasint m, blasint n,          \
            blasint k, type alpha, const type *a, blasint lda, const type *b, blasint ldb,    \
            type beta, type *c, blasint ldc) {                                                \
        REAL(p##gemm);                                                                        \
        blasint h = k / 2;                                                                    \
        if (h == 0) { real(order, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); return; } \
        real(order, ta, tb, m, n, h, alpha, a, lda, b, ldb, beta, c, ldc);                    \
        real(order, ta, tb, m, n, k - h, alpha, a + h * inner_stride(order, ta, 1, lda), lda, \
             b + h * inner_stride(order, tb, 0, ldb), ldb, (type)1, c, ldc);                  \
    }

#define SYRK(p, type)                                                                         \
    typedef void (*p##syrk_t)(int, int, int, blasint, blasint, type, const type *, blasint,   \
                              type, type *, blasint);                                         \
    void BLAS_NAME(cblas_##p##syrk)(int order, int uplo, int trans, blasint n, blasint k,     \
            type alpha, const type *a, blasint lda, type beta, type *c, blasint ldc) {        \
        REAL(p##syrk);                                                                        \
        blasint h = k / 2;                                                                    \
        if (h == 0) { real(order, uplo, trans, n, k, alpha, a, lda, beta, c, ldc); return; }  \
        real(order, uplo, trans, n, h, alpha, a, lda, beta, c, ldc);                          \
        real(order, uplo, trans, n, k - h, alpha, a + h * inner_stride(order, trans, 1, lda), \
             lda, (type)1, c, ldc);                                                           \
    }

/* y = alpha op(A) x + beta y: the inner dimension is A's columns (n) untransposed, its rows (m) transposed */
#define GEMV(p, type)                                                                         \
    typedef void (*p##gemv_t)(int, int, blasint, blasint, type, const type *, blasint,        \
                              const type *, blasint, type, type *, blasint);                  \
    void BLAS_NAME(cblas_##p##gemv)(int order, int trans, blasint m, blasint n, type alpha,   \
            const type *a, blasint lda, const type *x, blasint incx, type beta, type *y,      \
            blasint incy) {                                                                   \
        REAL(p##gemv);                                                                        \
        int transposed = trans != NO_TRANS;                                                   \
        blasint h = (transposed ? m : n) / 2;                                                 \
        if (h == 0 || incx <= 0) { real(order, trans, m, n, alpha, a, lda, x, incx, beta, y, incy); return; } \
        blasint stride = transposed == (order == ROW_MAJOR) ? lda : 1;                        \
        if (transposed) {                                                                     \
            real(order, trans, h, n, alpha, a, lda, x, incx, beta, y, incy);                  \
            real(order, trans, m - h, n, alpha, a + h * stride, lda, x + h * incx, incx, (type)1, y, incy); \
        } else {                                                                              \
            real(order, trans, m, h, alpha, a, lda, x, incx, beta, y, incy);                  \
            real(order, trans, m, n - h, alpha, a + h * stride, lda, x + h * incx, incx, (type)1, y, incy); \
        }                                                                                     \
    }

#define DOT(p, type)                                                                          \
    typedef type (*p##dot_t)(blasint, const type *, blasint, const type *, blasint);          \
    type BLAS_NAME(cblas_##p##dot)(blasint n, const type *x, blasint incx, const type *y,     \
                                   blasint incy) {                                            \
        REAL(p##dot);                                                                         \
        blasint h = n / 2;                                                                    \
        if (h == 0 || incx <= 0 || incy <= 0) return real(n, x, incx, y, incy);               \
        return real(h, x, incx, y, incy) + real(n - h, x + h * incx, incx, y + h * incy, incy); \
    }

GEMM(d, double)
SYRK(d, double)
GEMV(d, double)
DOT(d, double)
GEMM(s, float)
SYRK(s, float)
GEMV(s, float)
DOT(s, float)
