/* soak_fault: lives a little (churn.h), then writes outside its memory, so under the
 * restart policy it faults and restarts for as long as the board runs. */
#include "churn.h"

int main(void)
{
    soak_live_a_little();
    *(volatile uint32_t *)0xDEAD0000u = 1;
    return 1;
}
