/* native_rogue: a program that passes for a native Tock app (it has the info section)
 * but brings its own _start instead of the SDK's runtime, so nothing in it ever installs
 * the runtime's seccomp filter. Its first instruction opens a file. The start-up filter
 * tockemu installs before exec must stop it. Native only (x86-64 assembly). */

__attribute__((naked, noreturn)) void _start(void)
{
    __asm__ volatile(
        "mov $257, %eax\n"             /* openat(AT_FDCWD, path, O_RDONLY) */
        "mov $-100, %rdi\n"
        "lea path(%rip), %rsi\n"
        "xor %edx, %edx\n"
        "syscall\n"
        "mov %eax, %edi\n"             /* exit_group(the descriptor): it got through */
        "mov $231, %eax\n"
        "syscall\n"
        "hlt\n"
        "path: .asciz \"/etc/passwd\"\n");
}
