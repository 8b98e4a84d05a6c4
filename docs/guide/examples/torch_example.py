import torch

from symgd.optim.torch import Adam

w = torch.nn.Parameter(torch.tensor([1.0, 1.0]))
opt = Adam([w], lr=0.1)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=100, gamma=0.5)
for _ in range(300):
    opt.zero_grad()
    loss = 0.5 * (w[0] ** 2 + 10 * w[1] ** 2)
    loss.backward()
    opt.step()
    sched.step()
print("torch:", w.detach().numpy(), "lr now", opt.param_groups[0]["lr"])
